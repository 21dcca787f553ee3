export { startRedis, uniquePrefix, freePort, findRedisServer, type TestRedis, type StartRedisOptions } from "./redis.ts";
export { startTestServer, createRoom, connectClient, nextEvent, nextState, collectEvents, scorecardSubmission, type TestServerOptions } from "./server.ts";
export { waitFor, waitForMore } from "./wait.ts";
