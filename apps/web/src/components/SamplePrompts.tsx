import type { PromptList } from "@mockloop/protocol";
import { useEffect, useState } from "react";
import { fetchPrompts } from "../api.ts";

const SHOWN = 3;

/** A few of the stage's prompts, so a candidate knows what kind of question is coming. */
export function SamplePrompts({ trackId, stageId }: { trackId: string; stageId: string }) {
  const [loaded, setLoaded] = useState<{ key: string; list: PromptList["questions"] } | null>(null);
  const key = `${trackId}/${stageId}`;

  useEffect(() => {
    let live = true;
    void fetchPrompts(trackId, stageId).then((result) => {
      // A failed sample is not worth an error on the start page; the section stays hidden.
      if (live && result.ok) setLoaded({ key, list: result.data.questions });
    });
    return () => {
      live = false;
    };
  }, [trackId, stageId, key]);

  if (!loaded || loaded.key !== key || loaded.list.length === 0) return null;
  // Spread across the bank rather than the first few, which tend to share a topic.
  const step = Math.max(1, Math.floor(loaded.list.length / SHOWN));
  const samples = loaded.list.filter((_, index) => index % step === 0).slice(0, SHOWN);
  return (
    <div className="sample-prompts" data-testid="sample-prompts">
      <p className="eyebrow">
        A taste of the {loaded.list.length} questions in this stage
      </p>
      <ul>
        {samples.map((question) => (
          <li key={question.id}>{question.prompt}</li>
        ))}
      </ul>
    </div>
  );
}
