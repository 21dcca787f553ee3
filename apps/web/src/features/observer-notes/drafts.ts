import { observerNotesSchema } from "@mockloop/protocol";
import type { RoomClient } from "@mockloop/protocol/client";
import { DraftSync } from "../../shared/drafts/draft-sync.ts";

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
