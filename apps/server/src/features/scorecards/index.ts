export { ScorecardService } from "./scorecard-service.ts";
export { roundRubric, checkScorecard, completeScorecard, type RoundRubric } from "./scorecard-rules.ts";
export { scorecardView, debriefView, allScorecards } from "./views.ts";
export { createScorecardsFeature } from "./feature.ts";
