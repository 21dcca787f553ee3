export { observerNotesSync } from "./drafts.ts";
export { ObserverNotesForm } from "./ObserverNotesForm.tsx";
export { SharedNotes } from "./SharedNotes.tsx";
