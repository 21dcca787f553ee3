export { scorecardDraftSync } from "./drafts.ts";
export { ExportButtons } from "./ExportButtons.tsx";
export { RatingPill } from "./RatingPill.tsx";
export { LIMITS } from "./scorecard.ts";
export { CurrentQuestionNotes, ScorecardForm } from "./ScorecardForm.tsx";
export { ScorecardView } from "./ScorecardView.tsx";
