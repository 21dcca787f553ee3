import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedis, type TestRedis } from "@mockloop/test-support";
import { LuaScript, commandName } from "../../src/store/redis/lua-script.ts";

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
    const echo = new LuaScript("echo", "return { KEYS[1], ARGV[1] }");
    expect(await echo.run(client, ["k"], ["v"])).toEqual(["k", "v"]);
    await client.script("FLUSH");
    expect(await echo.run(client, ["k2"], [2])).toEqual(["k2", "2"]);
    expect(await echo.run(client, ["k3"], ["x"])).toEqual(["k3", "x"]);
  });

  it("names a command that runs a script by the script's name, and any other by its own", () => {
    const known = new LuaScript("known-script", "return 1");
    const sha = (known as unknown as { sha: string }).sha;
    expect(commandName("evalsha", [sha, 0])).toBe("known-script");
    expect(commandName("eval", ["return 1", 0])).toBe("known-script");
    expect(commandName("EVALSHA", ["0".repeat(40), 0])).toBe("evalsha");
    expect(commandName("HMGET", ["key", "field"])).toBe("hmget");
  });

  it("passes script errors through", async () => {
    await expect(new LuaScript("nope", "return redis.call('NOPE')").run(client, [], [])).rejects.toThrow(/Unknown Redis command|unknown command/i);
  });
});
