import type { Segment } from "@mockloop/questions/model";
import ui from "../ui/ui.module.css";
import styles from "./StageSummary.module.css";

interface StageSummaryProps {
  description: string;
  minutes: number;
  segments: readonly Segment[];
  /** The list of segments; left out where the timer already shows them. */
  agenda?: boolean;
}

/** A stage's description and its agenda, segment by segment. */
export function StageSummary({ description, minutes, segments, agenda = true }: StageSummaryProps) {
  return (
    <div className={styles.stageSummary}>
      <p>{description}</p>
      {agenda && (
        <ol className={styles.agenda} aria-label={`Agenda, ${minutes} minutes in total`}>
          {segments.map((segment) => (
            <li key={segment.id}>
              <span>{segment.name}</span>
              <span className={ui.muted}>{segment.minutes} min</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
