export * from "./errors.ts";
export * from "./schemas.ts";
export * from "./scorecard.ts";
export * from "./queue.ts";
export * from "./events.ts";
export * from "./clock.ts";
export * from "./markdown.ts";
export * from "./record.ts";
