/** A draft someone is writing (a scorecard, observer notes): saved often, never broadcast. */
export interface StoredDraft {
  /** JSON-serialisable; the feature validates it on the way in and out. */
  content: unknown;
  /** 0 means never saved. */
  version: number;
  updatedAt: number | null;
}

export type DraftSaveOutcome = { saved: true; draft: StoredDraft } | { saved: false; latest: StoredDraft };

/** Drafts of a room, apart from the room record so saving one never touches (or broadcasts) the room. */
export interface DraftStore {
  /** A room's draft by id, or a never-saved draft (version 0, content null). */
  getDraft(roomId: string, draftId: string): Promise<StoredDraft>;
  /**
   * Saves a draft if the stored one is still at `baseVersion` (compare-and-set); otherwise answers the stored
   * draft, so two tabs never silently overwrite each other. Drafts expire with the room's retention.
   */
  saveDraft(roomId: string, draftId: string, content: unknown, baseVersion: number): Promise<DraftSaveOutcome>;
}
