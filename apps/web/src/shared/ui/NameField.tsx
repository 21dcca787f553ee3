import ui from "./ui.module.css";

interface NameFieldProps {
  id: string;
  testId: string;
  value: string;
  onChange: (name: string) => void;
  disabled?: boolean;
}

/** "Your name": the display name others see, within the protocol's 60 characters. */
export function NameField({ id, testId, value, onChange, disabled = false }: NameFieldProps) {
  return (
    <div className={ui.field}>
      <label htmlFor={id}>Your name</label>
      <input
        id={id}
        data-testid={testId}
        type="text"
        autoComplete="given-name"
        required
        maxLength={60}
        disabled={disabled}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  );
}
