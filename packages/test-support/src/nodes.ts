import type { RoomClient } from "@mockloop/protocol/client";
import { afterAll, afterEach, beforeAll } from "vitest";
import type { RunningServer } from "@mockloop/server";
import { startRedis, uniquePrefix, type StartRedisOptions, type TestRedis } from "./redis.ts";
import { connectClient, startTestServer } from "./server.ts";

/**
 * Server nodes on a real Redis, for a test file: one redis-server for the file, and every node and client a
 * test starts is closed after it. Nodes of one `nodes()` call share a fresh key prefix, so tests never meet.
 */
export function useRedisNodes(options: StartRedisOptions = {}) {
  let redis: TestRedis | undefined;
  const servers = new Set<RunningServer>();
  const clients: RoomClient[] = [];

  beforeAll(async () => {
    redis = await startRedis(options);
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await Promise.all([...servers].map((server) => server.close()));
    servers.clear();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  const started = (): TestRedis => {
    if (!redis) throw new Error("Redis is not started yet: call this inside a test");
    return redis;
  };

  const node = async (keyPrefix: string, env: Record<string, string> = {}) => {
    const server = await startTestServer({ redisUrl: started().url, keyPrefix, env });
    servers.add(server);
    return server;
  };

  return {
    redis: started,
    /** `count` nodes sharing a new key prefix. */
    nodes: async (count: number, env: Record<string, string> = {}) => {
      const keyPrefix = uniquePrefix("nodes");
      const list: RunningServer[] = [];
      for (let i = 0; i < count; i++) list.push(await node(keyPrefix, env));
      return { nodes: list, keyPrefix };
    },
    /** One more node on an existing key prefix (a restart, a late node). */
    node,
    /** Stops a node before the test ends (a crash, a restart). */
    stop: async (server: RunningServer) => {
      servers.delete(server);
      await server.close();
    },
    connect: async (server: RunningServer) => {
      const client = await connectClient(server.url);
      clients.push(client);
      return client;
    },
  };
}

/** Two nodes, for destructuring. */
export async function twoNodes(cluster: ReturnType<typeof useRedisNodes>, env: Record<string, string> = {}) {
  const { nodes } = await cluster.nodes(2, env);
  return nodes as [RunningServer, RunningServer];
}

/**
 * One server on the embedded store for a test file, and the clients a test connects to it, closed after that
 * test: what most single-node tests set up.
 */
export function useEmbeddedServer() {
  let server: RunningServer | undefined;
  const clients: RoomClient[] = [];

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(async () => {
    await server?.close();
  });

  const running = (): RunningServer => {
    if (!server) throw new Error("the server is not started yet: call this inside a test");
    return server;
  };

  return {
    server: running,
    /** A connected client, closed after the test. */
    connect: async (): Promise<RoomClient> => {
      const client = await connectClient(running().url);
      clients.push(client);
      return client;
    },
  };
}
