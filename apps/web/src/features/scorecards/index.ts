export { scorecardDraftSync } from "./drafts.ts";
export { ExportButtons } from "./ExportButtons.tsx";
export { LIMITS, newRequestId, ratingTone } from "./scorecard.ts";
export { CurrentQuestionNotes, ScorecardForm } from "./ScorecardForm.tsx";
export { ScorecardView } from "./ScorecardView.tsx";
