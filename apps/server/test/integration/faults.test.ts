import { ErrorCode, emptyScorecardContent, type SegmentEnded } from "@mockloop/protocol";
import type { RoomClient } from "@mockloop/protocol/client";
import { loadQuestionBank } from "@mockloop/questions";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  collectEvents,
  connectClient,
  createRoom,
  limitsOff,
  nextState,
  sendRaw,
  spawnServerNode,
  startBalancer,
  startRedis,
  uniquePrefix,
  waitFor,
  type NodeProcess,
  type TestRedis,
} from "@mockloop/test-support";
import { QuestionService } from "../../src/features/questions/index.ts";
import { TimerService, timerDueAt } from "../../src/features/timer/index.ts";
import { expireTimer, newTimer, startTimer } from "../../src/features/timer/timer-rules.ts";
import { segmentEndedEvents } from "../../src/features/timer/views.ts";
import { RedisRoomStore } from "../../src/store/redis/room-store.ts";

/**
 * Faults, on real processes: server nodes are child processes killed with SIGKILL, Redis is a real
 * redis-server with append-only persistence, killed and restarted. Each test fails on a server that loses
 * events, crashes, or lies about presence.
 */
describe("faults: nodes and Redis die, nothing is lost", () => {
  let redis: TestRedis;
  const nodes: NodeProcess[] = [];
  const clients: RoomClient[] = [];
  const direct: Redis[] = [];

  beforeAll(async () => {
    redis = await startRedis({ appendOnly: true });
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await Promise.all(nodes.splice(0).map((node) => node.kill()));
    for (const client of direct.splice(0)) client.disconnect();
  });
  afterAll(async () => {
    await redis.stop();
  });

  const spawnNodes = async (count: number, keyPrefix = uniquePrefix("faults"), env: Record<string, string> = {}) => {
    const started = await Promise.all(
      // Load from one address on purpose: the limits stay out of the way (they have tests of their own).
      Array.from({ length: count }, () => spawnServerNode({ env: { ...limitsOff, REDIS_URL: redis.url, REDIS_KEY_PREFIX: keyPrefix, TIMER_POLL_MS: "10", ...env } })),
    );
    nodes.push(...started);
    return { keyPrefix, nodes: started };
  };
  const connect = async (node: { url: string }) => {
    const client = await connectClient(node.url);
    clients.push(client);
    return client;
  };
  /** The store as a node that dies right after a change sees it: it writes, and never announces. */
  const deadNodeStore = (keyPrefix: string) => {
    const client = new Redis(redis.url);
    client.on("error", () => undefined);
    direct.push(client);
    return new RedisRoomStore(client, { keyPrefix, roomTtlMs: 86_400_000, dueAt: timerDueAt });
  };
  const pairOn = async (node: NodeProcess) => {
    const roomId = await createRoom(node.url);
    const interviewer = await connect(node);
    const candidate = await connect(node);
    const asInterviewer = await interviewer.join({ roomId, name: "Iris", role: "interviewer" });
    const asCandidate = await candidate.join({ roomId, name: "Cam", role: "candidate" });
    return { roomId, interviewer, candidate, interviewerId: asInterviewer.participant.id, interviewerToken: asInterviewer.token, candidateToken: asCandidate.token };
  };

  it("a change its node applied but died before announcing reaches the room's people through a live node", async () => {
    const { keyPrefix, nodes: [live] } = await spawnNodes(1);
    const { roomId, candidate, interviewerId } = await pairOn(live!);
    // The dying node's last act: the push is in Redis, and nobody was told.
    const bank = loadQuestionBank();
    await new QuestionService({ store: deadNodeStore(keyPrefix), bank }).push(roomId, interviewerId, "tech-tcp-vs-udp");
    const seen = await nextState(candidate, (state) => state.currentQuestion?.id === "tech-tcp-vs-udp", 8_000);
    expect(seen.currentQuestion).toEqual({ id: "tech-tcp-vs-udp", prompt: bank.findQuestion("amazon-tpm", "tech-tcp-vs-udp")?.prompt });
  });

  it("a command its node applied but died before answering is sent again through another node and applied once", async () => {
    const { keyPrefix, nodes: [dying, other] } = await spawnNodes(2);
    // The balancer sends new connections to the dying node while it lives, then nowhere until the test says so.
    let reconnectsAllowed = false;
    const balancer = await startBalancer(() => (dying!.exitCode() === null ? [dying!.port] : reconnectsAllowed ? [other!.port] : []));
    try {
      const roomId = await createRoom(other!.url);
      const interviewer = await connectClient(`http://127.0.0.1:${balancer.port}`, { socket: { reconnectionDelay: 50, reconnectionDelayMax: 100 } });
      clients.push(interviewer);
      const candidate = await connect(other!);
      const { participant } = await interviewer.join({ roomId, name: "Iris", role: "interviewer" });
      await candidate.join({ roomId, name: "Cam", role: "candidate" });
      const lengthBefore = candidate.getState()?.timer.segments[0]?.durationMs ?? 0;
      const sent: { deltaMs: number; requestId?: string }[] = [];
      interviewer.socket.onAnyOutgoing((event: string, payload: { deltaMs: number; requestId?: string }) => {
        if (event === "timer:adjust") sent.push(payload);
      });
      // The moment the command goes out its node dies; as its last act it had applied the command (with its id).
      let appliedByTheDyingNode: Promise<unknown> | undefined;
      const engine = interviewer.socket.io.engine;
      engine.once("packetCreate", () => {
        void dying!.kill();
        const requestId = sent[0]?.requestId;
        appliedByTheDyingNode = new TimerService({ store: deadNodeStore(keyPrefix) })
          .adjust(roomId, participant.id, 60_000, requestId)
          .catch((error: unknown) => error)
          .finally(() => (reconnectsAllowed = true));
      });
      const ack = await interviewer.request("timer:adjust", { deltaMs: 60_000 });
      expect(await appliedByTheDyingNode).toMatchObject({ changed: true });
      expect(ack).toMatchObject({ ok: true });
      expect(sent).toHaveLength(2);
      expect(sent[1]).toEqual(sent[0]);
      await nextState(interviewer, (state) => state.timer.segments[0]?.durationMs === lengthBefore + 60_000);
      const room = await candidate.call("room:sync", {});
      expect(room.timer.segments[0]?.durationMs).toBe(lengthBefore + 60_000);
    } finally {
      await balancer.close();
    }
  });

  it.each([
    { next: "a long one", nextMs: 60_000 },
    // The next end falls before the lost one is due for a resend: announcing it must not drop the lost one.
    { next: "another end right after", nextMs: 300 },
  ])("a segment end its node applied but died before announcing reaches everyone, once (then $next)", async ({ nextMs }) => {
    const { keyPrefix, nodes: [live] } = await spawnNodes(1);
    const { roomId, interviewer, candidate } = await pairOn(live!);
    const ends = [collectEvents(interviewer, "timer:segment-ended"), collectEvents(candidate, "timer:segment-ended")];
    // The dying node ran the timer and applied the first segment's end in one change, then died.
    await deadNodeStore(keyPrefix).updateRoom(roomId, (room, now) => {
      const plan = newTimer([
        { id: "part-1", name: "Part 1", durationMs: 1_000 },
        { id: "part-2", name: "Part 2", durationMs: nextMs },
        { id: "part-3", name: "Part 3", durationMs: 60_000 },
      ]);
      const { timer, ended } = expireTimer(startTimer(plan, now - 1_050), now);
      const applied = { ...room, timer };
      return { room: applied, result: null, events: segmentEndedEvents(applied, ended).map((payload) => ({ event: "timer:segment-ended" as const, payload })) };
    });
    await waitFor(() => ends.every((list) => list.some((end) => end.segmentId === "part-1")), "the end to reach both people", 8_000);
    if (nextMs < 60_000) await waitFor(() => ends.every((list) => list.some((end) => end.segmentId === "part-2")), "the next end too", 8_000);
    const expected = nextMs < 60_000 ? ["part-1", "part-2"] : ["part-1"];
    for (const list of ends) expect(list.map((end: SegmentEnded) => end.segmentId)).toEqual(expected);
    expect((await nextState(candidate, (state) => state.timer.segmentIndex === expected.length)).timer.status).toBe("running");
  });

  it("a node killed around a segment deadline loses no end: the people on the other node get every one", async () => {
    const keyPrefix = uniquePrefix("faults");
    const [serving] = (await spawnNodes(1, keyPrefix)).nodes;
    for (let trial = 0; trial < 3; trial++) {
      const [doomed] = (await spawnNodes(1, keyPrefix)).nodes;
      const { roomId, interviewer, candidate } = await pairOn(serving!);
      const ends = collectEvents(candidate, "timer:segment-ended");
      await deadNodeStore(keyPrefix).updateRoom(roomId, (room) => ({
        room: { ...room, timer: newTimer([{ id: "part-1", name: "Part 1", durationMs: 300 }, { id: "part-2", name: "Part 2", durationMs: 60_000 }]) },
        result: null,
      }));
      await interviewer.startTimer();
      const deadline = (await nextState(candidate, (state) => state.timer.status === "running")).timer.deadline ?? 0;
      // Kill the other poller a few ms either side of the deadline: before it applied the end, or after.
      const killAt = deadline - 8 + trial * 8;
      await waitFor(() => Date.now() >= killAt, "the moment to kill", 2_000);
      await doomed!.kill();
      await waitFor(() => ends.some((end) => end.segmentId === "part-1"), `trial ${trial}: the end despite the kill`, 8_000);
      expect(ends.filter((end) => end.segmentId === "part-1")).toHaveLength(1);
    }
  });

  it("survives Redis being killed under write load: no node exits, acked saves are kept, and it recovers by itself", async () => {
    const { nodes: [a, b] } = await spawnNodes(2);
    const { roomId, interviewer, interviewerToken } = await pairOn(a!);
    const tabs = [interviewer, await connect(b!)];
    await tabs[1]!.join({ roomId, token: interviewerToken });
    const acked: number[] = [];
    let version = (await interviewer.getScorecardDraft()).version;
    let load = true;
    const traffic = (async () => {
      // Draft saves and question pushes from both tabs (one per node), as fast as they are answered.
      for (let i = 0; load; i++) {
        const tab = tabs[i % 2]!;
        const saved = await tab.saveScorecardDraft({ ...emptyScorecardContent(), strengths: `save ${i}` }, version);
        if (saved.ok) {
          version = saved.data.version;
          acked.push(saved.data.version);
        } else if (saved.error.code === "DRAFT_CONFLICT") version = Number((saved.error.details?.latest as { version?: number } | undefined)?.version ?? version);
        await tab.request("question:push", { questionId: i % 2 ? "tech-tcp-vs-udp" : "lp-most-complex-program" });
      }
    })();
    await waitFor(() => acked.length >= 20, "saves to flow");
    await redis.restart(async () => {}, { signal: "SIGKILL" });
    await waitFor(async () => (await interviewer.request("question:push", { questionId: "tech-tcp-vs-udp" })).ok, "the nodes to serve again", 10_000);
    load = false;
    await traffic;
    expect([a!.exitCode(), b!.exitCode()]).toEqual([null, null]);
    // Every save that was acked is in Redis (append-only, fsync always): the latest draft is at least that version.
    expect((await interviewer.getScorecardDraft()).version).toBeGreaterThanOrEqual(Math.max(...acked));
  });

  it("delivers every segment end across a Redis restart, to the people on both nodes", async () => {
    const { keyPrefix, nodes: [a, b] } = await spawnNodes(2);
    const roomId = await createRoom(a!.url);
    const [interviewer, candidate] = [await connect(a!), await connect(b!)];
    await interviewer.join({ roomId, name: "Iris", role: "interviewer" });
    await candidate.join({ roomId, name: "Cam", role: "candidate" });
    const ends = [collectEvents(interviewer, "timer:segment-ended"), collectEvents(candidate, "timer:segment-ended")];
    const parts = [400, 300, 300, 300, 60_000];
    await deadNodeStore(keyPrefix).updateRoom(roomId, (room) => ({
      room: { ...room, timer: newTimer(parts.map((durationMs, i) => ({ id: `part-${i + 1}`, name: `Part ${i + 1}`, durationMs }))) },
      result: null,
    }));
    await interviewer.startTimer();
    // Redis dies as the first segment ends and is back a moment later: ends fall due while it is down, and
    // more while the nodes reconnect and resume reading the stream.
    await waitFor(() => ends.every((list) => list.length >= 1), "the first end");
    await redis.restart(() => new Promise((resolve) => setTimeout(resolve, 250)), { signal: "SIGKILL" });
    await waitFor(() => ends.every((list) => list.some((end) => end.segmentId === "part-4")), "every end to arrive", 10_000);
    for (const list of ends) expect(list.map((end) => end.segmentId)).toEqual(["part-1", "part-2", "part-3", "part-4"]);
  });

  it("a node whose later connections to Redis meet a blink as it starts still hears the other nodes once Redis answers", async () => {
    // Between the node and Redis, a proxy that lets the node's first two connections through (its store and
    // fan-out clients, made before anything else) and cuts every later one until released: the connections the
    // adapter makes to read the stream and to subscribe meet Redis gone, as they would in a blink at start-up.
    const redisPort = Number(new URL(redis.url).port);
    let passed = 0;
    let released = false;
    let cut = 0;
    const proxy = await startBalancer(() => {
      if (released || passed < 2) {
        passed += 1;
        return [redisPort];
      }
      cut += 1;
      return [];
    });
    try {
      const keyPrefix = uniquePrefix("faults");
      const late = await spawnServerNode({ env: { ...limitsOff, REDIS_URL: `redis://127.0.0.1:${proxy.port}`, REDIS_KEY_PREFIX: keyPrefix } });
      nodes.push(late);
      const { nodes: [other] } = await spawnNodes(1, keyPrefix);
      await waitFor(() => cut >= 2, "the node's later connections to be cut");
      released = true;

      const roomId = await createRoom(other!.url);
      const interviewer = await connect(other!);
      const candidate = await connect(late);
      await interviewer.join({ roomId, name: "Iris", role: "interviewer" });
      await candidate.join({ roomId, name: "Cam", role: "candidate" });
      // Until the node reads the stream, a push reaches no one on it: push again, a different question, until one does.
      const questions = ["tech-tcp-vs-udp", "lp-most-complex-program"];
      let pushes = 0;
      let lastPushAt = 0;
      await waitFor(
        async () => {
          if (pushes > 0 && candidate.getState()?.currentQuestion?.id === questions[(pushes - 1) % questions.length]) return true;
          if (Date.now() - lastPushAt >= 250) {
            lastPushAt = Date.now();
            await interviewer.pushQuestion(questions[pushes++ % questions.length]!);
          }
          return false;
        },
        "the candidate on the late node to see a question pushed on the other node",
        15_000,
      );
      expect(late.output()).not.toMatch(/nobody handled/);
    } finally {
      await proxy.close();
    }
  });

  it("answers STORE_UNAVAILABLE within a second while Redis is down, reports not ready, and recovers without a restart", async () => {
    const { nodes: [node] } = await spawnNodes(1);
    const { interviewer } = await pairOn(node!);
    const storeReports: boolean[] = [];
    interviewer.onStoreStatus((reachable) => storeReports.push(reachable));
    await redis.restart(
      async () => {
        // The node's answer, as it leaves the node: within a second.
        const asked = Date.now();
        const answer = await sendRaw(interviewer, "question:push", { questionId: "tech-tcp-vs-udp" });
        expect(answer).toMatchObject({ ok: false, error: { code: ErrorCode.StoreUnavailable, details: { retryAfterMs: expect.any(Number) } } });
        expect(Date.now() - asked).toBeLessThan(1_000);
        // The typed client sends a command answered so once more after the wait asked (Redis may have run it), then tells.
        const typedAsked = Date.now();
        expect(await interviewer.request("question:push", { questionId: "tech-tcp-vs-udp" })).toMatchObject({ ok: false, error: { code: ErrorCode.StoreUnavailable } });
        expect(Date.now() - typedAsked).toBeLessThan(1_000 + ((answer as { error: { details: { retryAfterMs: number } } }).error.details.retryAfterMs ?? 0));
        expect((await fetch(`${node!.url}/readyz`)).status).toBe(503);
        // The node keeps time without Redis, and a clock sync that it answers does not tell the page storage is back.
        expect(await interviewer.request("clock:sync", { clientSentAt: Date.now() })).toMatchObject({ ok: true });
        expect(storeReports).toEqual([false]);
      },
      { signal: "SIGKILL" },
    );
    await waitFor(async () => (await fetch(`${node!.url}/readyz`)).status === 200, "ready again", 10_000);
    await waitFor(async () => (await interviewer.request("question:push", { questionId: "tech-tcp-vs-udp" })).ok, "requests to succeed again", 10_000);
    expect(storeReports).toEqual([false, true]);
  });

  it("shows the people of a SIGKILLed node offline within 10 s", async () => {
    const { nodes: [a, b] } = await spawnNodes(2, uniquePrefix("faults"), { PRESENCE_HEARTBEAT_MS: "500", PRESENCE_TIMEOUT_MS: "3000" });
    const roomId = await createRoom(a!.url);
    const watcher = await connect(b!);
    await watcher.join({ roomId, name: "Iris", role: "interviewer" });
    // The candidate's socket is on A and nowhere else: when A dies, it stays away.
    const onA = await connectClient(a!.url, { socket: { reconnection: false } });
    clients.push(onA);
    const cam = await onA.join({ roomId, name: "Cam", role: "candidate" });
    await nextState(watcher, (state) => state.participants.some((p) => p.id === cam.participant.id && p.connected));
    const killedAt = Date.now();
    await a!.kill();
    await nextState(watcher, (state) => state.participants.some((p) => p.id === cam.participant.id && !p.connected), 10_000);
    expect(Date.now() - killedAt).toBeLessThan(10_000);
  });

  it("refuses new connections as soon as it is told to stop, then drains", async () => {
    const { nodes: [node] } = await spawnNodes(1, uniquePrefix("faults"), { LOG_LEVEL: "info" });
    for (let i = 0; i < 20; i++) await pairOn(node!);
    process.kill(node!.pid, "SIGTERM");
    // From the moment it says it stopped accepting (while it still drains its 40 connections), nothing gets in.
    await waitFor(() => node!.output().includes("no longer accepting connections"), "the node to stop accepting", 5_000);
    const answered: number[] = [];
    let probes = 0;
    while (node!.exitCode() === null) {
      probes += 1;
      const status = await fetch(`${node!.url}/healthz`).then(
        (response) => response.status,
        () => 0,
      );
      if (status !== 0) answered.push(status);
      if (node!.exitCode() === null) await new Promise((resolve) => setImmediate(resolve));
    }
    expect(answered).toEqual([]);
    expect(probes).toBeGreaterThan(0);
    expect((await node!.exited).code).toBe(0);
  });

  it("a node told to stop while Redis is unreachable still exits, once its shutdown time is up", async () => {
    const ownRedis = await startRedis({ appendOnly: true });
    try {
      const node = await spawnServerNode({ env: { ...limitsOff, REDIS_URL: ownRedis.url, REDIS_KEY_PREFIX: uniquePrefix("faults"), SHUTDOWN_TIMEOUT_MS: "1500" } });
      nodes.push(node);
      await pairOn(node);
      await ownRedis.stop();
      // Its people's disconnects cannot be recorded now; without a deadline the drain waits for Redis forever.
      const stoppedAt = Date.now();
      process.kill(node.pid, "SIGTERM");
      await waitFor(() => node.exitCode() !== null, "the stopping node to exit", 10_000);
      expect(await node.exited).toEqual({ code: 1, signal: null });
      expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(1_400);
      expect(node.output()).toContain("shutdown did not finish within 1500 ms");
    } finally {
      await ownRedis.stop();
    }
  });
});
