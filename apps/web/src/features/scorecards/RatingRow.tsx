import { NOT_ASSESSED, type RatingEntry } from "@mockloop/protocol";
import type { ScaleLevel } from "@mockloop/questions/model";
import { useId } from "react";
import { LIMITS, type RubricKind } from "./scorecard.ts";
import { LimitedTextarea } from "../../shared/ui/LimitedTextarea.tsx";
import clsx from "clsx";
import styles from "./RatingRow.module.css";

interface RatingRowProps {
  kind: RubricKind;
  item: { id: string; name: string };
  entry: RatingEntry;
  scale: ScaleLevel[];
  onChange: (patch: Partial<RatingEntry>) => void;
}

const KIND_TESTID: Record<RubricKind, string> = { competencies: "competency", principles: "principle" };

/** One competency or leadership principle: a level of the scale (or not assessed) and the evidence for it. */
export function RatingRow({ kind, item, entry, scale, onChange }: RatingRowProps) {
  const ids = useId();
  const prefix = `rating-${KIND_TESTID[kind]}-${item.id}`;
  const levels = [...scale, { id: NOT_ASSESSED, label: "Not assessed", description: "Did not come up, or not enough to judge." }];
  const selected = levels.find((level) => level.id === entry.rating);
  return (
    <fieldset className={styles.ratingRow} data-testid={prefix} data-rating={entry.rating}>
      <legend className={styles.ratingName}>{item.name}</legend>
      <div className={styles.ratingOptions}>
        {levels.map((level, index) => {
          const checked = entry.rating === level.id;
          const tone = level.id === NOT_ASSESSED ? "neutral" : index < scale.length / 2 ? "low" : "high";
          return (
            <label key={level.id} className={clsx(styles.ratingOption, styles[tone], checked && styles.checked)} title={level.description}>
              <input
                type="radio"
                name={`${ids}-rating`}
                value={level.id}
                data-testid={`${prefix}-${level.id}`}
                checked={checked}
                onChange={() => onChange({ rating: level.id })}
              />
              {level.label}
            </label>
          );
        })}
      </div>
      {selected && selected.id !== NOT_ASSESSED && (
        <p className={styles.ratingDescription} data-testid={`${prefix}-description`}>
          {selected.label}: {selected.description}
        </p>
      )}
      <LimitedTextarea
        className={styles.evidenceField}
        label={`Evidence for ${item.name}`}
        hideLabel
        value={entry.evidence}
        limit={LIMITS.evidence}
        rows={2}
        testId={`evidence-${KIND_TESTID[kind]}-${item.id}`}
        placeholder="Evidence: what the candidate said or did"
        onChange={(evidence) => onChange({ evidence })}
      />
    </fieldset>
  );
}
