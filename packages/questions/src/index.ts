export * from "./model.ts";
export * from "./bank.ts";
export * from "./select.ts";
export { summarizeTrack, formatSummary, type TrackSummary, type SegmentSummary } from "./summary.ts";
export {
  loadQuestionBank,
  loadPack,
  loadPacks,
  builtInPacksDir,
  PackError,
  type LoadBankOptions,
  type LoadedPacks,
  type PackSource,
} from "./load.ts";
