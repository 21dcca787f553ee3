export * from "./model.ts";
export * from "./bank.ts";
export { loadQuestionBank, loadPack, builtInPacksDir, PackError, type LoadBankOptions } from "./load.ts";
