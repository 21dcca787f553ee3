export { ScorecardService, currentRoundRecord, mayReadRound } from "./scorecard-service.ts";
export { roundRubric, checkScorecard, completeScorecard, type RoundRubric } from "./scorecard-rules.ts";
export { scorecardView, debriefView, scorecardsOf } from "./views.ts";
export { createScorecardsFeature } from "./feature.ts";
