import { ErrorCode, type RoomState } from "@mockloop/protocol";
import type { RoomClient } from "@mockloop/protocol/client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startRedis, uniquePrefix, type TestRedis } from "@mockloop/test-support";
import { newTimer } from "../../src/features/timer/timer-rules.ts";
import type { RunningServer } from "../../src/index.ts";
import { collectEvents, connectClient, createRoom, startTestServer, waitFor, waitForMore } from "@mockloop/test-support";

const minute = 60_000;

describe("the round timer across two nodes on one Redis", () => {
  let redis: TestRedis;
  const servers = new Set<RunningServer>();
  const clients: RoomClient[] = [];

  beforeAll(async () => {
    redis = await startRedis({ appendOnly: true });
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await Promise.all([...servers].map((server) => server.close()));
    servers.clear();
  });
  afterAll(async () => {
    await redis.stop();
  });

  const startNode = async (keyPrefix: string) => {
    const server = await startTestServer({ redisUrl: redis.url, keyPrefix, env: { TIMER_POLL_MS: "10" } });
    servers.add(server);
    return server;
  };
  const stopNode = async (server: RunningServer) => {
    servers.delete(server);
    await server.close();
  };
  const connect = async (server: RunningServer) => {
    const client = await connectClient(server.url);
    clients.push(client);
    return client;
  };
  /** A room with the interviewer on `a` and the candidate on `b`. */
  const pairAcross = async (a: RunningServer, b: RunningServer) => {
    const roomId = await createRoom(a.url, "phone-interview");
    const interviewer = await connect(a);
    const candidate = await connect(b);
    const joined = await interviewer.join({ roomId, name: "Iris", role: "interviewer" });
    const candidateJoined = await candidate.join({ roomId, name: "Cam", role: "candidate" });
    return { roomId, interviewer, candidate, interviewerToken: joined.token, candidateToken: candidateJoined.token };
  };
  /** Replaces the room's plan with short segments, so real segment ends happen within a test. */
  const useShortPlan = async (server: RunningServer, roomId: string, segmentMs: number[]) => {
    await server.store.updateRoom(roomId, (room) => ({
      room: { ...room, timer: newTimer(segmentMs.map((durationMs, index) => ({ id: `part-${index + 1}`, name: `Part ${index + 1}`, durationMs }))) },
      result: null,
    }));
  };
  const timerOf = (state: RoomState) => state.timer;

  it("start, pause, resume, adjust and skip leave both sides in the same state and version", async () => {
    const keyPrefix = uniquePrefix("timer");
    const [a, b] = [await startNode(keyPrefix), await startNode(keyPrefix)];
    const { roomId, interviewer, candidate } = await pairAcross(a, b);
    const lastSeen = { interviewer: undefined as RoomState | undefined, candidate: undefined as RoomState | undefined };
    interviewer.onState((state) => (lastSeen.interviewer = state));
    candidate.onState((state) => (lastSeen.candidate = state));

    await interviewer.startTimer();
    await interviewer.pauseTimer();
    await interviewer.startTimer();
    await interviewer.adjustTimer(5 * minute);
    await interviewer.adjustTimer(-minute);
    await interviewer.skipSegment();
    const final = await b.app.rooms.getRoom(roomId);

    await waitFor(
      () => lastSeen.candidate?.timer.version === final.timer.version && lastSeen.interviewer?.timer.version === final.timer.version,
      "both clients to reach the last timer version",
    );
    const [seenByInterviewer, seenByCandidate] = [lastSeen.interviewer, lastSeen.candidate].map((state) => state && timerOf(state));
    expect(seenByCandidate).toEqual(seenByInterviewer);
    expect(seenByCandidate).toMatchObject({ status: "running", segmentIndex: 1, version: 6 });
    expect(seenByCandidate?.segments.map((segment) => segment.durationMs)).toEqual([24 * minute, 20 * minute, 20 * minute]);
  });

  it("applies exactly one of two pauses sent at the same moment through two nodes", async () => {
    const keyPrefix = uniquePrefix("timer");
    const [a, b] = [await startNode(keyPrefix), await startNode(keyPrefix)];
    const { roomId, interviewer, interviewerToken } = await pairAcross(a, b);
    // The interviewer's second tab, on the other node.
    const secondTab = await connect(b);
    await secondTab.join({ roomId, token: interviewerToken });
    await interviewer.startTimer();
    const before = (await a.app.rooms.getRoom(roomId)).timer.version;

    const acks = await Promise.all([interviewer.request("timer:pause", {}), secondTab.request("timer:pause", {})]);
    expect(acks.filter((ack) => ack.ok)).toHaveLength(1);
    expect(acks.filter((ack) => !ack.ok).map((ack) => !ack.ok && ack.error.code)).toEqual([ErrorCode.TimerConflict]);
    expect((await a.app.rooms.getRoom(roomId)).timer).toMatchObject({ status: "paused", version: before + 1 });
  });

  it("fires each segment end exactly once per client, and the surviving node fires it when the other dies", async () => {
    const keyPrefix = uniquePrefix("timer");
    const [a, b, c] = [await startNode(keyPrefix), await startNode(keyPrefix), await startNode(keyPrefix)];
    const { roomId, interviewer, candidate } = await pairAcross(a, b);
    await useShortPlan(a, roomId, [300, 300, 600]);
    const endsForInterviewer = collectEvents(interviewer, "timer:segment-ended");
    const endsForCandidate = collectEvents(candidate, "timer:segment-ended");

    await interviewer.startTimer();
    await waitFor(() => endsForCandidate.length >= 1 && endsForInterviewer.length >= 1, "the first segment end");
    // Node C only polls; kill it mid-round. A and B (serving the clients) keep polling and still fire the rest.
    await stopNode(c);
    await waitFor(() => endsForCandidate.some((end) => end.roundOver) && endsForInterviewer.some((end) => end.roundOver), "the round end", 10_000);
    // A duplicate would come from another node's poll: let every live node poll many more times before counting.
    await waitForMore([a, b].map((node) => () => node.app.scheduler.polls), 10, "ten more polls on each live node");

    for (const ends of [endsForInterviewer, endsForCandidate]) {
      expect(ends.map((end) => end.segmentId)).toEqual(["part-1", "part-2", "part-3"]);
    }
    const timer = (await b.app.rooms.getRoom(roomId)).timer;
    expect(timer.status).toBe("finished");
    expect(endsForCandidate.map((end) => end.endedAt)).toEqual([
      expect.any(Number),
      (endsForCandidate[0]?.endedAt ?? 0) + 300,
      (endsForCandidate[0]?.endedAt ?? 0) + 900,
    ]);
  });

  it("still fires a segment end when the node that started the timer dies before it", async () => {
    const keyPrefix = uniquePrefix("timer");
    const [a, b] = [await startNode(keyPrefix), await startNode(keyPrefix)];
    const { roomId, interviewer, candidate } = await pairAcross(a, b);
    await useShortPlan(a, roomId, [400, 60_000]);
    const ends = collectEvents(candidate, "timer:segment-ended");
    await interviewer.startTimer();
    await stopNode(a);
    await waitFor(() => ends.length === 1, "the segment end from the surviving node");
    expect(ends[0]).toMatchObject({ segmentId: "part-1", roundOver: false });
    expect((await b.app.rooms.getRoom(roomId)).timer).toMatchObject({ status: "running", segmentIndex: 1 });
  });

  it("continues a running round after a restart, and applies ends that passed while it was down", async () => {
    const keyPrefix = uniquePrefix("timer");
    const first = await startNode(keyPrefix);
    const { roomId, interviewer } = await pairAcross(first, first);
    await interviewer.startTimer();
    const running = (await first.app.rooms.getRoom(roomId)).timer;
    await useShortPlan(first, roomId, [250, 250, 10 * minute]);
    await interviewer.startTimer();
    const shortRunning = (await first.app.rooms.getRoom(roomId)).timer;
    expect(running.deadline).not.toBeNull();
    await stopNode(first);

    // Everything is down past two segment ends, then Redis restarts from its append-only file, then a server.
    await redis.restart(() => waitFor(() => Date.now() > (shortRunning.deadline ?? 0) + 300, "two segment ends to pass"));
    const second = await startNode(keyPrefix);
    await waitFor(async () => (await second.app.rooms.getRoom(roomId)).timer.segmentIndex === 2, "ends missed while down to be applied");
    const timer = (await second.app.rooms.getRoom(roomId)).timer;
    expect(timer).toMatchObject({ status: "running", segmentIndex: 2 });
    // The timeline is kept: the third segment started when the second was due, not when the server came back.
    expect(timer.deadline).toBe((shortRunning.deadline ?? 0) + 250 + 10 * minute);
  });
});
