import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadConfig, ConfigError } from "../../src/config.ts";
import { iceConfigFor, iceSettingsFrom, turnCredential } from "../../src/features/call/index.ts";

describe("TURN REST credentials", () => {
  it("signs expiry:participantId with HMAC-SHA1 under the shared secret", () => {
    const issued = turnCredential({ secret: "north-wind-secret", participantId: "p-1234567", ttlSeconds: 600, nowMs: 1_700_000_000_500 });
    expect(issued.username).toBe("1700000600:p-1234567");
    expect(issued.credential).toBe(createHmac("sha1", "north-wind-secret").update("1700000600:p-1234567").digest("base64"));
    expect(issued.expiresAt).toBe(1_700_000_600_000);
  });

  it("gives STUN alone, no credential, without TURN configured", () => {
    const settings = iceSettingsFrom(loadConfig({ STUN_URLS: "stun:a.example:3478, stun:b.example:3478" }));
    expect(iceConfigFor(settings, "p-1234567", 0)).toEqual({
      iceServers: [{ urls: ["stun:a.example:3478", "stun:b.example:3478"] }],
      iceTransportPolicy: "all",
      expiresAt: null,
    });
  });
});

describe("the call's configuration", () => {
  it("reads the TURN settings", () => {
    const config = loadConfig({ TURN_URLS: "turn:t.example:3478,turns:t.example:5349", TURN_SECRET: "s".repeat(32), TURN_TTL_SECONDS: "900", ICE_TRANSPORT_POLICY: "relay" });
    expect(config).toMatchObject({ TURN_URLS: ["turn:t.example:3478", "turns:t.example:5349"], TURN_TTL_SECONDS: 900, ICE_TRANSPORT_POLICY: "relay", STUN_URLS: [] });
  });

  it.each([
    [{ TURN_URLS: "turn:t.example:3478" }, "TURN_SECRET"],
    [{ TURN_URLS: "http://t.example", TURN_SECRET: "s".repeat(32) }, "TURN_URLS"],
    [{ STUN_URLS: "turn:t.example" }, "STUN_URLS"],
    [{ TURN_URLS: "turn:t.example", TURN_SECRET: "short" }, "TURN_SECRET"],
    [{ ICE_TRANSPORT_POLICY: "relay" }, "ICE_TRANSPORT_POLICY"],
    [{ TURN_TTL_SECONDS: "5" }, "TURN_TTL_SECONDS"],
  ])("stops on %j, naming %s", (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });
});
