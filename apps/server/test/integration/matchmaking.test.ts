import { ErrorCode, type PreferredRole, type QueueMatched } from "@mockloop/protocol";
import { describe, expect, it } from "vitest";
import { partnerRoles } from "../../src/features/queue/index.ts";
import type { RunningServer } from "../../src/index.ts";
import { twoNodes, useRedisNodes } from "@mockloop/test-support/vitest";
import { collectEvents, nextEvent, waitFor, waitForMore } from "@mockloop/test-support";

describe("finding a partner through the queue", () => {
  const cluster = useRedisNodes();
  const connect = cluster.connect;
  const request = (preferredRole: PreferredRole, name: string, stageId = "phone-interview") => ({ trackId: "amazon-tpm", stageId, preferredRole, name });

  it("pairs 200 concurrent requests spread over two nodes: each at most once, every compatible pair formed", async () => {
    // 200 people on one machine: more partner requests than one address may make by default.
    const nodes = await twoNodes(cluster, { RATE_LIMIT_QUEUE_JOINS_PER_ADDRESS: "1000" });
    const roles: PreferredRole[] = Array.from({ length: 200 }, (_, i) => (i % 5 === 0 ? "either" : i % 5 < 3 ? "candidate" : "interviewer"));
    const people = await Promise.all(roles.map((_, i) => connect(nodes[i % 2] as RunningServer)));
    const matches = new Map<number, QueueMatched[]>();
    people.forEach((client, i) => client.on("queue:matched", (match) => matches.set(i, [...(matches.get(i) ?? []), match])));

    const acks = await Promise.all(people.map((client, i) => client.joinQueue(request(roles[i] ?? "either", `Person ${i}`))));
    acks.forEach((ack, i) => {
      if (ack.state === "matched") matches.set(i, [...(matches.get(i) ?? []), ack.match]);
    });
    const waitingNow = async () => (await nodes[0].app.matchmaking.statuses("amazon-tpm", "phone-interview")).length;
    await waitFor(async () => matches.size + (await waitingNow()) === 200, "every request to be matched or waiting");

    // Nobody was put in two rooms, and every room holds one candidate and one interviewer as they asked.
    const byRoom = new Map<string, { index: number; match: QueueMatched }[]>();
    for (const [index, list] of matches) {
      expect(list, `person ${index}`).toHaveLength(1);
      const match = list[0] as QueueMatched;
      byRoom.set(match.roomId, [...(byRoom.get(match.roomId) ?? []), { index, match }]);
      const wanted = roles[index];
      if (wanted !== "either") expect(match.role).toBe(wanted);
    }
    for (const pair of byRoom.values()) {
      expect(pair.map((seat) => seat.match.role).sort()).toEqual(["candidate", "interviewer"]);
    }

    // Nobody is left waiting who could have been paired with another who waits.
    const leftIndexes = [...roles.keys()].filter((i) => !matches.has(i));
    const leftRoles = leftIndexes.map((i) => roles[i] as PreferredRole);
    expect(leftRoles.length).toBe(await waitingNow());
    for (const role of leftRoles) {
      const others = [...leftRoles];
      others.splice(others.indexOf(role), 1);
      expect(others.some((other) => partnerRoles(role).includes(other))).toBe(false);
    }

    // A matched person enters the room with their token, in their role, as a first join.
    const [someone] = [...matches.values()].map((list) => list[0] as QueueMatched);
    if (!someone) throw new Error("expected at least one match");
    const entering = await connect(nodes[1]);
    const joined = await entering.join({ roomId: someone.roomId, token: someone.token });
    expect(joined).toMatchObject({ resumed: false, participant: { role: someone.role } });
  });

  it("tells people their place in line, withdraws a request when its connection closes, and rate-limits requests", async () => {
    const [a, b] = await twoNodes(cluster);
    const first = await connect(a);
    const second = await connect(b);
    const firstAck = await first.joinQueue(request("candidate", "Ann"));
    expect(firstAck).toMatchObject({ state: "waiting", status: { position: 1, waiting: 1 } });
    const firstSeesTwo = nextEvent(first, "queue:status", (status) => status.waiting === 2);
    const secondAck = await second.joinQueue(request("candidate", "Bea"));
    expect(secondAck).toMatchObject({ state: "waiting", status: { position: 2, waiting: 2 } });
    await firstSeesTwo;

    const secondMovesUp = nextEvent(second, "queue:status", (status) => status.position === 1);
    first.close();
    expect(await secondMovesUp).toMatchObject({ position: 1, waiting: 1 });

    await second.leaveQueue();
    await waitFor(async () => (await a.app.matchmaking.statuses("amazon-tpm", "phone-interview")).length === 0, "the queue to empty");

    expect(await second.request("queue:join", request("candidate", "Bea", "no-such-stage"))).toMatchObject({
      ok: false,
      error: { code: ErrorCode.UnknownStage },
    });
    const limited = await connect(a);
    const answers = [];
    for (let i = 0; i < 11; i++) answers.push(await limited.request("queue:join", request("candidate", "Cy")));
    expect(answers.slice(0, 10).every((ack) => ack.ok)).toBe(true);
    expect(answers[10]).toMatchObject({ ok: false, error: { code: ErrorCode.RateLimited } });
    // Each new request replaced the last: one in line for this connection.
    expect(await a.app.matchmaking.statuses("amazon-tpm", "phone-interview")).toHaveLength(1);
  });

  it("withdraws a request that waited too long, telling its owner once", async () => {
    const [a, b] = await twoNodes(cluster, { QUEUE_TIMEOUT_MS: "1000", QUEUE_SWEEP_MS: "50" });
    const waiting = await connect(a);
    const expired = collectEvents(waiting, "queue:expired");
    await waiting.joinQueue(request("interviewer", "Ivo"));
    await waitFor(() => expired.length === 1, "the request to expire");
    expect(expired[0]?.waitedMs).toBeGreaterThanOrEqual(1000);
    // Many sweeps later (on both nodes), still one notice.
    await waitForMore([a.app.queueSweeps, b.app.queueSweeps], 5, "five more sweeps on each node");
    expect(expired).toHaveLength(1);
    expect(await a.app.matchmaking.statuses("amazon-tpm", "phone-interview")).toEqual([]);
  });
});
