import { emptyScorecardContent, scorecardDraftSchema, type ScorecardContent } from "@mockloop/protocol";
import type { RoomClient } from "@mockloop/protocol/client";
import { DraftSync } from "../../shared/drafts/draft-sync.ts";
import { sameValue } from "./scorecard.ts";

/** The interviewer's scorecard draft for the room's current round, kept in step with the server. */
export function scorecardDraftSync(client: RoomClient): DraftSync<ScorecardContent> {
  return new DraftSync<ScorecardContent>(
    {
      load: async () => {
        const draft = await client.getScorecardDraft();
        return { value: draft.content, version: draft.version, updatedAt: draft.updatedAt };
      },
      save: (content, baseVersion) => client.saveScorecardDraft(content, baseVersion),
      parseLatest: (latest) => {
        const parsed = scorecardDraftSchema.safeParse(latest);
        return parsed.success ? { value: parsed.data.content, version: parsed.data.version, updatedAt: parsed.data.updatedAt } : null;
      },
      equals: sameValue,
      subscribeRemote: (listener) =>
        client.on("scorecard:draft", (draft) => listener({ value: draft.content, version: draft.version, updatedAt: draft.updatedAt })),
    },
    emptyScorecardContent(),
  );
}
