import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.ts";

describe("configuration from the environment", () => {
  it("defaults to the embedded store on port 3000", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, HOST: "0.0.0.0", ROOM_TTL_DAYS: 30, QUESTION_PACKS: [], LOG_LEVEL: "info" });
    expect(config.REDIS_URL).toBeUndefined();
  });

  it("reads every setting", () => {
    const config = loadConfig({
      PORT: "8080",
      REDIS_URL: "redis://cache:6379/2",
      PUBLIC_URL: "https://mock.example.com",
      QUESTION_PACKS: "/packs/a, /packs/b",
      ROOM_TTL_DAYS: "7",
    });
    expect(config).toMatchObject({ PORT: 8080, REDIS_URL: "redis://cache:6379/2", QUESTION_PACKS: ["/packs/a", "/packs/b"], ROOM_TTL_DAYS: 7 });
  });

  it("holds the heap within 30% of what is live while people arrive, for 10 s after, unless told otherwise (0 leaves it to V8)", () => {
    expect(loadConfig({}).HEAP_GROWING_PERCENT).toBe(30);
    expect(loadConfig({ HEAP_GROWING_PERCENT: "0" }).HEAP_GROWING_PERCENT).toBe(0);
    expect(() => loadConfig({ HEAP_GROWING_PERCENT: "-5" })).toThrow(ConfigError);
    expect(loadConfig({}).HEAP_GROWTH_SETTLE_MS).toBe(10_000);
    expect(() => loadConfig({ HEAP_GROWTH_SETTLE_MS: "soon" })).toThrow(ConfigError);
  });

  it("trusts no proxy and names no extra origin unless told", () => {
    expect(loadConfig({})).toMatchObject({ TRUST_PROXY: false, ALLOWED_ORIGINS: [] });
    expect(loadConfig({ TRUST_PROXY: "true" }).TRUST_PROXY).toBe(true);
    expect(loadConfig({ TRUST_PROXY: "loopback, 10.0.0.0/8" }).TRUST_PROXY).toEqual(["loopback", "10.0.0.0/8"]);
    expect(loadConfig({ ALLOWED_ORIGINS: "https://mock.example.com/, http://localhost:5173" }).ALLOWED_ORIGINS).toEqual([
      "https://mock.example.com",
      "http://localhost:5173",
    ]);
  });

  it("reads rate limits as connection, participant and address counts per window", () => {
    const defaults = loadConfig({});
    expect(defaults).toMatchObject({ RATE_LIMIT_WINDOW_SECONDS: 60, RATE_LIMIT_CLOCK_SYNC: { connection: 60, participant: 120, address: 3000 } });
    const loadTest = loadConfig({ RATE_LIMIT_TIMER: "60, 60, 1000000", RATE_LIMIT_CONNECTIONS_PER_ADDRESS: "1000000" });
    expect(loadTest).toMatchObject({ RATE_LIMIT_TIMER: { connection: 60, participant: 60, address: 1_000_000 }, RATE_LIMIT_CONNECTIONS_PER_ADDRESS: 1_000_000 });
  });

  it.each([
    ["RATE_LIMIT_CLOCK_SYNC", "60,120"],
    ["RATE_LIMIT_CLOCK_SYNC", "60,0,100"],
    ["RATE_LIMIT_DRAFT", "lots,of,saves"],
    ["RATE_LIMIT_WINDOW_SECONDS", "0.5"],
    ["RATE_LIMIT_ROOMS_PER_ADDRESS", "0"],
    ["TRUST_PROXY", "my-proxy"],
    ["TRUST_PROXY", "10.0.0.0/99"],
    ["ALLOWED_ORIGINS", "*"],
    ["ALLOWED_ORIGINS", "https://mock.example.com/rooms"],
    ["ALLOWED_ORIGINS", "ftp://mock.example.com"],
    ["PORT", "eighty"],
    ["PORT", "70000"],
    ["REDIS_URL", "localhost:6379"],
    ["PUBLIC_URL", "not a url"],
    ["ROOM_TTL_DAYS", "-1"],
    ["LOG_LEVEL", "loud"],
  ])("stops on a bad %s, naming it", (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}:`));
  });
});
