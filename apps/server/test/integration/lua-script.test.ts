import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedis, type TestRedis } from "@mockloop/test-support";
import { LuaScript } from "../../src/store/redis/lua-script.ts";

describe("LuaScript", () => {
  let redis: TestRedis;
  let client: Redis;
  beforeAll(async () => {
    redis = await startRedis();
    client = new Redis(redis.url);
  });
  afterAll(async () => {
    client.disconnect();
    await redis.stop();
  });

  it("runs by hash, and loads the script again after Redis forgot it", async () => {
    const echo = new LuaScript("return { KEYS[1], ARGV[1] }");
    expect(await echo.run(client, ["k"], ["v"])).toEqual(["k", "v"]);
    await client.script("FLUSH");
    expect(await echo.run(client, ["k2"], [2])).toEqual(["k2", "2"]);
    expect(await echo.run(client, ["k3"], ["x"])).toEqual(["k3", "x"]);
  });

  it("passes script errors through", async () => {
    await expect(new LuaScript("return redis.call('NOPE')").run(client, [], [])).rejects.toThrow(/Unknown Redis command|unknown command/i);
  });
});
