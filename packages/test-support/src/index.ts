export { startRedis, uniquePrefix, freePort, findRedisServer, type TestRedis, type StartRedisOptions } from "./redis.ts";
export { startRedisCluster, type TestRedisCluster } from "./redis-cluster.ts";
export {
  startTestServer,
  createRoom,
  connectClient,
  tryConnect,
  sendRaw,
  nextEvent,
  nextState,
  collectEvents,
  scorecardSubmission,
  startNodesOneBehindProxy,
  type NodesOneBehindProxy,
  type ConnectError,
  type TestServerOptions,
} from "./server.ts";
export { waitFor, waitForMore } from "./wait.ts";
export { spawnServerNode, type NodeProcess, type SpawnNodeOptions } from "./process-node.ts";
export { startBalancer, type Balancer } from "./balancer.ts";
export { startRedisProxy, type RedisProxy } from "./redis-proxy.ts";
export { metricSample, readMetric } from "./metrics.ts";
export { startCoturn, findTurnServer, type TestCoturn } from "./coturn.ts";
export { withOwnKey } from "./payloads.ts";
export { limitsOff } from "./limits.ts";
