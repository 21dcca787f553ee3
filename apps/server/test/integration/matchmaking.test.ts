import { ErrorCode, type PreferredRole, type QueueMatched } from "@mockloop/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { partnerRoles } from "../../src/features/queue/index.ts";
import { RedisQueueStore } from "../../src/store/redis/queue-store.ts";
import type { RunningServer } from "../../src/index.ts";
import { twoNodes, useRedisNodes } from "@mockloop/test-support/vitest";
import { collectEvents, connectClient, nextEvent, readMetric, startRedisProxy, startTestServer, uniquePrefix, waitFor, waitForMore, type RedisProxy } from "@mockloop/test-support";

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

  it("withdraws a request whose connection closed while it was being handled", async () => {
    const [a] = await twoNodes(cluster);
    const line = async () => (await a.app.matchmaking.statuses("amazon-tpm", "phone-interview")).length;
    const handled = async () => (await readMetric(a.url, 'mockloop_socket_events_total{event="queue:join",outcome="ok"}')) ?? 0;
    for (let attempt = 0; attempt < 5; attempt++) {
      const leaving = await connect(a);
      const handledBefore = await handled();
      // The tab closes right after asking: the close reaches the node while the request is on its way to the store.
      leaving.socket.emit("queue:join", request("candidate", `Lee ${attempt}`), () => undefined);
      leaving.close();
      await waitFor(async () => (await handled()) > handledBefore, `request ${attempt} to be handled`);
      await waitFor(async () => (await line()) === 0, `request ${attempt} to leave the line`, 3_000);
    }
  });

  it("holds one request per connection, even when it asks several times at once", async () => {
    const [a] = await twoNodes(cluster);
    const eager = await connect(a);
    const acks = await Promise.all(["Eve", "Eve", "Eve"].map((name) => eager.joinQueue(request("candidate", name))));
    const line = await a.app.matchmaking.statuses("amazon-tpm", "phone-interview");
    // Each request replaced the one before it: the last one answered is the one in line.
    const last = acks.at(-1);
    if (last?.state !== "waiting") throw new Error("expected the last request to wait");
    expect(line.map((status) => status.ticketId)).toEqual([last.status.ticketId]);
    eager.close();
    await waitFor(async () => (await a.app.matchmaking.statuses("amazon-tpm", "phone-interview")).length === 0, "the request to leave with its connection");
  });

  it("keeps the partner in line when the newcomer paired with them closed while being paired", async () => {
    const [a] = await twoNodes(cluster);
    const ann = await connect(a);
    const annAck = await ann.joinQueue(request("candidate", "Ann"));
    if (annAck.state !== "waiting") throw new Error("expected Ann to wait");
    const annMatches = collectEvents(ann, "queue:matched");
    const handled = async () => (await readMetric(a.url, 'mockloop_socket_events_total{event="queue:join",outcome="ok"}')) ?? 0;
    const handledBefore = await handled();
    const leaving = await connect(a);
    leaving.socket.emit("queue:join", request("interviewer", "Lee"), () => undefined);
    leaving.close();
    await waitFor(async () => (await handled()) > handledBefore, "Lee's request to be handled");
    // Ann is not sent into a room Lee will never enter: she waits where she was, for the next one who fits.
    await waitFor(async () => (await a.app.matchmaking.statuses("amazon-tpm", "phone-interview")).length === 1, "Ann to be back in line");
    expect((await a.app.matchmaking.statuses("amazon-tpm", "phone-interview")).map((status) => status.ticketId)).toEqual([annAck.status.ticketId]);
    const bea = await connect(a);
    expect(await bea.joinQueue(request("interviewer", "Bea"))).toMatchObject({ state: "matched", match: { partnerName: "Ann" } });
    await waitFor(() => annMatches.length === 1, "Ann to hear of her match");
    expect(annMatches.map((match) => match.partnerName)).toEqual(["Bea"]);
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

  const line = (server: RunningServer) => server.app.matchmaking.statuses("amazon-tpm", "phone-interview");

  it("keeps someone waiting in line when their connection drops and comes back: the typed client asks again", async () => {
    const [a, b] = await twoNodes(cluster);
    const ann = await connect(a);
    const waiting = await ann.joinQueue(request("candidate", "Ann"));
    if (waiting.state !== "waiting") throw new Error("expected Ann to wait");
    // Ann's network drops for a moment: her node withdraws her request as the connection closes.
    const askedAgain = nextEvent(ann, "queue:status", (status) => status.ticketId !== waiting.status.ticketId);
    ann.socket.io.engine.close();
    expect(await askedAgain).toMatchObject({ position: 1, waiting: 1 });
    expect(await line(a)).toHaveLength(1);
    // So the next person who fits is paired with her, and she is told.
    const bea = await connect(b);
    const annMatched = nextEvent(ann, "queue:matched");
    const beaAck = await bea.joinQueue(request("interviewer", "Bea"));
    expect(beaAck).toMatchObject({ state: "matched", match: { role: "interviewer", partnerName: "Ann" } });
    expect(await annMatched).toMatchObject({ role: "candidate", partnerName: "Bea" });
  });

  it("takes out of line the request a dead node left there, once its owner asks again from another node", async () => {
    const [a, b] = await twoNodes(cluster);
    // Ann's request as her node left it when it died: in line, with no connection to withdraw it.
    const left = a.app.matchmaking.newTicketId();
    await a.app.matchmaking.join(request("candidate", "Ann"), left);
    const ann = await connect(b);
    expect(await ann.joinQueue({ ...request("candidate", "Ann"), replaces: left })).toMatchObject({ state: "waiting", status: { position: 1, waiting: 1 } });
    expect(await line(b)).toHaveLength(1);
    const bea = await connect(a);
    const annMatched = nextEvent(ann, "queue:matched");
    expect(await bea.joinQueue(request("interviewer", "Bea"))).toMatchObject({ state: "matched", match: { partnerName: "Ann" } });
    expect(await annMatched).toMatchObject({ partnerName: "Bea" });
  });

  it("leaves a stopped node's requests out of pairings, and puts them back when that node is heard from again", async () => {
    const { nodes, keyPrefix } = await cluster.nodes(2);
    const [a, b] = nodes as [RunningServer, RunningServer];
    const ann = await connect(a);
    const waiting = await ann.joinQueue(request("candidate", "Ann"));
    if (waiting.state !== "waiting") throw new Error("expected Ann to wait");
    // Node a goes unheard for a while (its Redis out of reach, say): the mark that it is alive lapses (dropped
    // here by hand: the ticket names its node). Bea's request then leaves Ann's out of line, and waits alone.
    const redis = new Redis(cluster.redis().url);
    try {
      const ticket = JSON.parse((await redis.get(`${keyPrefix}{queue}:queue:ticket:${waiting.status.ticketId}`)) ?? "{}") as { nodeId?: string };
      expect(await redis.del(`${keyPrefix}{queue}:queue:node:${ticket.nodeId ?? ""}`)).toBe(1);
    } finally {
      redis.disconnect();
    }
    const bea = await connect(b);
    const annMatched = nextEvent(ann, "queue:matched");
    const beaMatched = nextEvent(bea, "queue:matched");
    expect(await bea.joinQueue(request("interviewer", "Bea"))).toMatchObject({ state: "waiting" });
    // Node a's next beat finds it was taken for stopped, and puts Ann's request back: the two are paired.
    expect(await annMatched).toMatchObject({ ticketId: waiting.status.ticketId, role: "candidate", partnerName: "Bea" });
    expect(await beaMatched).toMatchObject({ role: "interviewer", partnerName: "Ann" });
    expect(await line(a)).toEqual([]);
  });

  it("tells someone of the match made while they were away, when they ask again with the ticket they waited with", async () => {
    const [a, b] = await twoNodes(cluster);
    // Ann's request as her node left it when it died; Bea comes, and is paired with it: Ann hears nothing.
    const left = a.app.matchmaking.newTicketId();
    await a.app.matchmaking.join(request("candidate", "Ann"), left);
    const bea = await connect(a);
    const beaAck = await bea.joinQueue(request("interviewer", "Bea"));
    if (beaAck.state !== "matched") throw new Error("expected Bea to be paired with Ann's request");
    // Ann's client comes back through the other node: she goes to the room where Bea waits for her.
    const ann = await connect(b);
    const annAck = await ann.joinQueue({ ...request("candidate", "Ann"), replaces: left });
    expect(annAck).toMatchObject({ state: "matched", match: { ticketId: left, roomId: beaAck.match.roomId, role: "candidate", partnerName: "Bea" } });
    if (annAck.state !== "matched") return;
    expect(await ann.join({ roomId: annAck.match.roomId, token: annAck.match.token })).toMatchObject({ participant: { name: "Ann", role: "candidate" } });
    expect(await line(a)).toEqual([]);
  });
});

describe("a partner request whose answer Redis lost", () => {
  const cluster = useRedisNodes();
  const request = (preferredRole: PreferredRole, name: string) => ({ trackId: "amazon-tpm", stageId: "phone-interview", preferredRole, name });
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A node whose Redis is reached through a proxy that can lose an answer; its logs are kept (it logs the errors it meets). */
  async function nodeBehindProxy(): Promise<{ proxy: RedisProxy; node: RunningServer; line: () => Promise<string[]> }> {
    const proxy = await startRedisProxy(cluster.redis().url);
    cleanups.push(() => proxy.close());
    const keyPrefix = uniquePrefix("queue-lost-answer");
    const node = await startTestServer({ redisUrl: proxy.url, keyPrefix, logLines: [] });
    cleanups.push(() => node.close());
    // The line as Redis holds it, read past the proxy (which refuses connections for a while).
    const direct = new Redis(cluster.redis().url);
    cleanups.push(() => direct.disconnect());
    const queue = new RedisQueueStore(direct, { keyPrefix });
    const line = async () => (await queue.waiting("amazon-tpm", "phone-interview")).map((ticket) => ticket.id);
    // Someone asks and stops first, so that Redis knows the queue's scripts: the request whose answer is lost
    // then runs, rather than being refused for an unknown script (and sent again in full).
    const earlier = await connectClient(node.url);
    await earlier.joinQueue(request("either", "Pat"));
    await earlier.leaveQueue();
    earlier.close();
    return { proxy, node, line };
  }

  /** Redis puts the request in line and its answer is lost, Redis out of reach a moment after: the node answers STORE_UNAVAILABLE. */
  const loseEnqueueAnswer = (proxy: RedisProxy, name: string) => proxy.loseAnswerTo(`"name":"${name}"`, { downForMs: 1_000 });

  it("leaves the line with its connection once its owner was told it failed, so nobody is paired with it", async () => {
    const { proxy, node, line } = await nodeBehindProxy();
    const gwen = await connectClient(node.url);
    cleanups.push(() => gwen.close());
    const answerLost = loseEnqueueAnswer(proxy, "Gwen");
    // Sent as is: the typed client would ask again by itself (below).
    const ack: unknown = await gwen.socket.timeout(10_000).emitWithAck("queue:join", request("candidate", "Gwen"));
    await answerLost;
    expect(ack).toMatchObject({ ok: false, error: { code: ErrorCode.StoreUnavailable } });
    // Told it failed, the page gives up and closes its connection.
    gwen.close();
    await waitFor(async () => (await line()).length === 0, "Gwen's request to leave the line");
    const bea = await connectClient(node.url);
    cleanups.push(() => bea.close());
    expect(await bea.joinQueue(request("interviewer", "Bea"))).toMatchObject({ state: "waiting" });
  });

  it("puts back the partner it was paired with, when its owner was told it failed and left", async () => {
    const { proxy, node, line } = await nodeBehindProxy();
    const ann = await connectClient(node.url);
    cleanups.push(() => ann.close());
    const annAck = await ann.joinQueue(request("candidate", "Ann"));
    if (annAck.state !== "waiting") throw new Error("expected Ann to wait");
    const gwen = await connectClient(node.url);
    cleanups.push(() => gwen.close());
    const answerLost = loseEnqueueAnswer(proxy, "Gwen");
    // Redis pairs Gwen with Ann and takes Ann out of line; nobody hears of it.
    expect(await gwen.socket.timeout(10_000).emitWithAck("queue:join", request("interviewer", "Gwen"))).toMatchObject({
      ok: false,
      error: { code: ErrorCode.StoreUnavailable },
    });
    await answerLost;
    gwen.close();
    // Ann waits where she was, for the next partner who fits.
    await waitFor(async () => (await line()).length === 1, "Ann to be back in line");
    expect(await line()).toEqual([annAck.status.ticketId]);
    const annMatched = nextEvent(ann, "queue:matched");
    const bea = await connectClient(node.url);
    cleanups.push(() => bea.close());
    expect(await bea.joinQueue(request("interviewer", "Bea"))).toMatchObject({ state: "matched", match: { partnerName: "Ann" } });
    expect(await annMatched).toMatchObject({ partnerName: "Bea" });
  });

  it("pairs the two after all when the typed client asks again", async () => {
    const { proxy, node, line } = await nodeBehindProxy();
    const ann = await connectClient(node.url);
    cleanups.push(() => ann.close());
    expect(await ann.joinQueue(request("candidate", "Ann"))).toMatchObject({ state: "waiting" });
    const annMatched = nextEvent(ann, "queue:matched");
    const gwen = await connectClient(node.url);
    cleanups.push(() => gwen.close());
    const answerLost = loseEnqueueAnswer(proxy, "Gwen");
    const ack = await gwen.request("queue:join", request("interviewer", "Gwen"));
    await answerLost;
    expect(ack).toMatchObject({ ok: true, data: { state: "matched", match: { role: "interviewer", partnerName: "Ann" } } });
    expect(await annMatched).toMatchObject({ role: "candidate", partnerName: "Gwen" });
    expect(await line()).toEqual([]);
  });

  it("is asked again by the typed client, and waits in line once", async () => {
    const { proxy, node, line } = await nodeBehindProxy();
    const gwen = await connectClient(node.url);
    cleanups.push(() => gwen.close());
    const sent: string[] = [];
    gwen.socket.onAnyOutgoing((event: string) => void sent.push(event));
    const answerLost = loseEnqueueAnswer(proxy, "Gwen");
    const ack = await gwen.request("queue:join", request("candidate", "Gwen"));
    await answerLost;
    expect(sent.filter((event) => event === "queue:join")).toHaveLength(2);
    if (!ack.ok || ack.data.state !== "waiting") throw new Error(`expected Gwen to wait, got ${JSON.stringify(ack)}`);
    expect(await line()).toEqual([ack.data.status.ticketId]);
    // The partner who comes is paired with her, the one who asked.
    const matched = nextEvent(gwen, "queue:matched");
    const bea = await connectClient(node.url);
    cleanups.push(() => bea.close());
    expect(await bea.joinQueue(request("interviewer", "Bea"))).toMatchObject({ state: "matched", match: { role: "interviewer", partnerName: "Gwen" } });
    expect(await matched).toMatchObject({ role: "candidate", partnerName: "Bea" });
  });
});
