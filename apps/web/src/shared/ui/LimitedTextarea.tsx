import clsx from "clsx";
import { useId, type ReactNode } from "react";
import styles from "./LimitedTextarea.module.css";
import ui from "./ui.module.css";

interface LimitedTextareaProps {
  label: ReactNode;
  value: string;
  limit: number;
  onChange: (value: string) => void;
  testId: string;
  rows?: number;
  placeholder?: string;
  /** The label is read by screen readers only (the surrounding block already names the field). */
  hideLabel?: boolean;
  hint?: ReactNode;
  className?: string;
}

/** A textarea with a character counter against the schema's limit; text past the limit is cut, never sent. */
export function LimitedTextarea({ label, value, limit, onChange, testId, rows = 4, placeholder, hideLabel = false, hint, className }: LimitedTextareaProps) {
  const ids = useId();
  const near = value.length > limit * 0.9;
  return (
    <div className={clsx(ui.field, className)}>
      <label htmlFor={`${ids}-text`} className={hideLabel ? "visually-hidden" : undefined}>
        {label}
      </label>
      {hint && <p className={styles.fieldHint}>{hint}</p>}
      <textarea
        id={`${ids}-text`}
        data-testid={testId}
        rows={rows}
        maxLength={limit}
        value={value}
        placeholder={placeholder}
        aria-describedby={`${ids}-count`}
        onChange={(event) => onChange(event.target.value.slice(0, limit))}
      />
      <p id={`${ids}-count`} className={clsx(styles.counter, near && styles.nearLimit)} data-testid={`${testId}-count`}>
        {value.length} / {limit}
        <span className="visually-hidden"> characters</span>
      </p>
    </div>
  );
}
