export { BoardService } from "./board-service.ts";
export type { BoardStore, BoardMergeOutcome, SceneBounds } from "./port.ts";
export { createBoardFeature } from "./feature.ts";
