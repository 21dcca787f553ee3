import { ErrorCode, errorResponseSchema, rateLimitedDetailsSchema, type Ack, type ErrorBody } from "@mockloop/protocol";
import type { RoomClient } from "@mockloop/protocol/client";
import { afterEach, describe, expect, it } from "vitest";
import type { RunningServer } from "../../src/index.ts";
import { collectEvents, createRoom, sendRaw, tryConnect, waitFor, type ConnectError } from "@mockloop/test-support";
import { twoNodes, useRedisNodes } from "@mockloop/test-support/vitest";

/**
 * Every door has a limit, counted per connection, per participant and per address, and the shared counts hold
 * across nodes (Redis). Everything here comes from 127.0.0.1: one address, as an attacker with one machine.
 */

const request = (preferredRole: "candidate" | "interviewer", name: string) => ({ trackId: "amazon-tpm", stageId: "phone-interview", preferredRole, name });

/** The refusal's typed error, with how long to wait. */
function limited(ack: unknown): ErrorBody & { details: { retryAfterMs: number; scope: string } } {
  const { error } = errorResponseSchema.parse(ack);
  expect(error.code).toBe(ErrorCode.RateLimited);
  const details = rateLimitedDetailsSchema.parse(error.details);
  return { ...error, details };
}

const isLimited = (ack: Ack<unknown>) => !ack.ok && ack.error.code === ErrorCode.RateLimited;

describe("rate limits", () => {
  const cluster = useRedisNodes();
  const connect = cluster.connect;
  const refusedClients: RoomClient[] = [];
  afterEach(() => {
    for (const client of refusedClients.splice(0)) client.close();
  });

  it("limits one socket flooding clock:sync, says how long to wait, and lets it go on once the window has passed", async () => {
    const {
      nodes: [node],
    } = await cluster.nodes(1, { RATE_LIMIT_WINDOW_SECONDS: "2", RATE_LIMIT_CLOCK_SYNC: "20,1000,1000" });
    if (!node) throw new Error("a node expected");
    const client = await connect(node);
    const acks = await Promise.all(Array.from({ length: 300 }, (_, i) => client.request("clock:sync", { clientSentAt: i })));
    expect(acks.filter((ack) => ack.ok)).toHaveLength(20);
    const refusals = acks.filter(isLimited).map(limited);
    expect(refusals).toHaveLength(280);
    for (const refusal of refusals) {
      expect(refusal.details.retryAfterMs).toBeGreaterThan(0);
      expect(refusal.details.retryAfterMs).toBeLessThanOrEqual(2_000);
      expect(refusal.details.scope).toBe("connection");
    }
    expect(refusals[0]?.message).toMatch(/clock/);

    // The window passes: the same socket is answered again, for another full allowance.
    await waitFor(async () => (await client.request("clock:sync", { clientSentAt: 0 })).ok, "the clock limit to reset", 6_000);
    const again = await Promise.all(Array.from({ length: 19 }, (_, i) => client.request("clock:sync", { clientSentAt: i })));
    expect(again.every((ack) => ack.ok)).toBe(true);
  });

  it("limits a flood of timer commands: few are applied, and few states go out", async () => {
    const {
      nodes: [node],
    } = await cluster.nodes(1);
    if (!node) throw new Error("a node expected");
    const roomId = await createRoom(node.url);
    const interviewer = await connect(node);
    const candidate = await connect(node);
    await interviewer.join({ roomId, name: "Iris", role: "interviewer" });
    await candidate.join({ roomId, name: "Cam", role: "candidate" });
    const changes = collectEvents(candidate, "room:patch");
    const before = (await node.app.rooms.getRoom(roomId)).version;

    // One after another, each a real change (auto-advance starts on): as fast as the socket answers.
    const acks = [];
    for (let i = 0; i < 600; i++) acks.push(await interviewer.request("timer:auto-advance", { enabled: i % 2 === 1 }));
    const applied = acks.filter((ack) => ack.ok).length;
    // The default: 60 timer commands a minute from one connection — far more than any interviewer clicks.
    expect(applied).toBe(60);
    expect(acks.filter(isLimited)).toHaveLength(540);
    await waitFor(() => changes.length >= applied, "the candidate to receive the applied changes");
    expect((await node.app.rooms.getRoom(roomId)).version - before).toBe(applied);
    expect(changes.length).toBe(applied);
  });

  it("counts a participant's tabs on two nodes against one shared allowance", async () => {
    const [a, b] = await twoNodes(cluster, { RATE_LIMIT_CLOCK_SYNC: "1000,30,100000" });
    const roomId = await createRoom(a.url);
    const firstTab = await connect(a);
    const joined = await firstTab.join({ roomId, name: "Iris", role: "interviewer" });
    const secondTab = await connect(b);
    await secondTab.join({ roomId, token: joined.token });

    const first = [];
    for (let i = 0; i < 20; i++) first.push(await firstTab.request("clock:sync", { clientSentAt: i }));
    const second = [];
    for (let i = 0; i < 20; i++) second.push(await secondTab.request("clock:sync", { clientSentAt: i }));
    expect(first.every((ack) => ack.ok)).toBe(true);
    expect(second.filter((ack) => ack.ok)).toHaveLength(10);
    const refusals = second.filter(isLimited).map(limited);
    expect(refusals).toHaveLength(10);
    expect(refusals.every((refusal) => refusal.details.scope === "participant")).toBe(true);

    // Another participant in the same room has an allowance of their own.
    const candidate = await connect(b);
    await candidate.join({ roomId, name: "Cam", role: "candidate" });
    expect((await candidate.request("clock:sync", { clientSentAt: 1 })).ok).toBe(true);
  });

  it("refuses connections from one address past its limit, on every node, with a typed reason", async () => {
    const [a, b] = await twoNodes(cluster, { RATE_LIMIT_CONNECTIONS_PER_ADDRESS: "50" });
    const outcomes = await Promise.all(Array.from({ length: 60 }, (_, i) => tryConnect((i % 2 === 0 ? a : b).url)));
    for (const outcome of outcomes) if (outcome.connected) refusedClients.push(outcome.client);
    expect(outcomes.filter((outcome) => outcome.connected)).toHaveLength(50);
    const errors = outcomes.flatMap((outcome) => (outcome.connected ? [] : [outcome.error]));
    expect(errors).toHaveLength(10);
    for (const error of errors as ConnectError[]) {
      const body = limited({ ok: false, error: error.data });
      expect(body.details.scope).toBe("address");
      expect(body.details.retryAfterMs).toBeGreaterThan(0);
    }
  });

  it("limits room creation over HTTP per address across nodes: 429, Retry-After and a typed body", async () => {
    const [a, b] = await twoNodes(cluster, { RATE_LIMIT_ROOMS_PER_ADDRESS: "5" });
    const create = (node: RunningServer) =>
      fetch(`${node.url}/api/rooms`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ trackId: "amazon-tpm", stageId: "drill" }) });
    const statuses = [];
    for (const node of [a, b, a, b, a]) statuses.push((await create(node)).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201]);

    const refused = await create(b);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = limited(await refused.json());
    expect(body.details.retryAfterMs).toBeGreaterThan(0);
    expect(body.details.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(refused.headers.get("content-security-policy")).toBeTruthy();

    // Other routes have their own, larger allowance, and health probes none.
    expect((await fetch(`${a.url}/api/tracks`)).status).toBe(200);
    expect((await fetch(`${b.url}/healthz`)).status).toBe(200);
  });

  it("keeps answering, and limiting, while Redis is down: an in-memory limiter stands in", async () => {
    const {
      nodes: [node],
    } = await cluster.nodes(1, { RATE_LIMIT_TIMER: "1000,1000,30" });
    if (!node) throw new Error("a node expected");
    const outsider = await connect(node);
    const acks: Ack<unknown>[] = [];
    // Asserted once Redis is back, so a failure here leaves Redis running for the tests after it.
    await cluster.redis().restart(async () => {
      await waitFor(async () => (await fetch(`${node.url}/readyz`)).status === 503, "the node to notice Redis is gone", 10_000);
      // Not joined: the handler answers NOT_JOINED without the store; the limiter must not turn that into an error.
      for (let i = 0; i < 40; i++) acks.push(await outsider.request("timer:start", {}));
    });
    expect(acks.slice(0, 30).every((ack) => !ack.ok && ack.error.code === ErrorCode.NotJoined)).toBe(true);
    expect(acks.slice(30).every(isLimited)).toBe(true);
  });

  it("limits 300 fresh sockets from one address asking for a partner", async () => {
    const [a, b] = await twoNodes(cluster, { RATE_LIMIT_CONNECTIONS_PER_ADDRESS: "100000" });
    const people = await Promise.all(Array.from({ length: 300 }, (_, i) => connect(i % 2 === 0 ? a : b)));
    const acks = await Promise.all(people.map((client, i) => sendRaw(client, "queue:join", request("candidate", `Person ${i}`), 15_000)));
    const accepted = acks.filter((ack) => (ack as Ack<unknown>).ok);
    // The default: 120 partner requests a minute from one address.
    expect(accepted).toHaveLength(120);
    const refusals = acks.filter((ack) => !(ack as Ack<unknown>).ok).map(limited);
    expect(refusals).toHaveLength(180);
    expect(refusals.every((refusal) => refusal.details.scope === "address")).toBe(true);
    expect(await a.app.matchmaking.statuses("amazon-tpm", "phone-interview")).toHaveLength(120);
  });
});
