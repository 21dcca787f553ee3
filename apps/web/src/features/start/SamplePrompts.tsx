import { useQuery } from "@tanstack/react-query";
import { promptsQuery } from "./queries.ts";
import ui from "../../shared/ui/ui.module.css";
import styles from "./SamplePrompts.module.css";

const SHOWN = 3;

/** A few of the stage's prompts, so a candidate knows what kind of question is coming. */
export function SamplePrompts({ trackId, stageId }: { trackId: string; stageId: string }) {
  // A failed sample is not worth an error on the start page; the section stays hidden.
  const list = useQuery(promptsQuery(trackId, stageId)).data?.questions;
  if (!list || list.length === 0) return null;
  // Spread across the bank rather than the first few, which tend to share a topic.
  const step = Math.max(1, Math.floor(list.length / SHOWN));
  const samples = list.filter((_, index) => index % step === 0).slice(0, SHOWN);
  return (
    <div className={styles.samplePrompts} data-testid="sample-prompts">
      <p className={ui.eyebrow}>
        A taste of the {list.length} questions in this stage
      </p>
      <ul>
        {samples.map((question) => (
          <li key={question.id}>{question.prompt}</li>
        ))}
      </ul>
    </div>
  );
}
