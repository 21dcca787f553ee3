import { Redis } from "ioredis";
import { afterAll, beforeAll } from "vitest";
import { startRedis, type TestRedis } from "./redis.ts";
import { waitFor } from "./wait.ts";

/** A store for a contract suite, and a way to let `ms` pass on the clock its retention or expiry is measured on. */
export type Timed<S> = S & { passTime(ms: number): Promise<void> };

/** A clock that moves only when the test says so, for an embedded store that takes its clock as a dependency. */
export function manualClock(): { now: () => number; passTime: (ms: number) => Promise<void> } {
  let clock = Date.now();
  return { now: () => clock, passTime: async (ms) => void (clock += ms) };
}

/**
 * For a store contract suite: one redis-server for the file, clients on it that close after the file, and a way
 * to let time pass on Redis's own clock (TIME), which is what Redis expires keys and scripts read time by.
 */
export function useContractRedis() {
  let redis: TestRedis | undefined;
  const clients: Redis[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await redis?.stop();
  });
  const redisNow = async (client: Redis) => {
    const [seconds, micros] = await client.time();
    return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
  };
  return {
    client: (): Redis => {
      if (!redis) throw new Error("Redis is not started yet: call this inside a test");
      const client = new Redis(redis.url);
      clients.push(client);
      return client;
    },
    passTime: async (client: Redis, ms: number): Promise<void> => {
      const until = (await redisNow(client)) + ms;
      await waitFor(async () => (await redisNow(client)) > until, `Redis's clock to pass ${ms} ms`);
    },
  };
}
