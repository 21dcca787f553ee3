import { useSyncExternalStore } from "react";
import type { DraftSnapshot, DraftSync } from "./draft-sync.ts";

export function useDraft<T>(sync: DraftSync<T>): DraftSnapshot<T> {
  return useSyncExternalStore(sync.subscribe, sync.getSnapshot);
}
