import { emptyScorecardContent, observerNotesSchema, scorecardDraftSchema, type ScorecardContent } from "@mockloop/protocol";
import type { RoomClient } from "@mockloop/protocol/client";
import { useSyncExternalStore } from "react";
import { DraftSync, type DraftSnapshot } from "./draft-sync.ts";
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

/** An observer's own notes for the current round. */
export function observerNotesSync(client: RoomClient): DraftSync<string> {
  return new DraftSync<string>(
    {
      load: async () => {
        const notes = await client.getObserverNotes();
        return { value: notes.notes, version: notes.version, updatedAt: notes.updatedAt };
      },
      save: (notes, baseVersion) => client.saveObserverNotes(notes, baseVersion),
      parseLatest: (latest) => {
        const parsed = observerNotesSchema.safeParse(latest);
        return parsed.success ? { value: parsed.data.notes, version: parsed.data.version, updatedAt: parsed.data.updatedAt } : null;
      },
      equals: (a, b) => a === b,
      subscribeRemote: (listener) =>
        client.on("observer-notes:draft", (notes) => listener({ value: notes.notes, version: notes.version, updatedAt: notes.updatedAt })),
    },
    "",
  );
}

export function useDraft<T>(sync: DraftSync<T>): DraftSnapshot<T> {
  return useSyncExternalStore(sync.subscribe, sync.getSnapshot);
}
