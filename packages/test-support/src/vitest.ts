// Helpers that register vitest hooks (beforeAll/afterEach): for test files only, never for benchmarks.
export { useRedisNodes, twoNodes } from "./nodes.ts";
