// Helpers that register vitest hooks (beforeAll/afterEach): for test files only, never for benchmarks.
export { useEmbeddedServer, useRedisNodes, twoNodes } from "./nodes.ts";
export { useContractRedis, manualClock, type Timed } from "./contract.ts";
