import { debriefSchema, type QueueMatched } from "@mockloop/protocol";
import type { RoomClient } from "@mockloop/protocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectClient,
  createRoom,
  nextEvent,
  nextState,
  scorecardSubmission,
  startRedisCluster,
  startTestServer,
  uniquePrefix,
  type TestRedisCluster,
} from "@mockloop/test-support";
import { newTimer } from "../../src/features/timer/timer-rules.ts";
import { shardTags } from "../../src/store/redis/keys.ts";
import type { RunningServer } from "../../src/index.ts";

describe("two server nodes on a three-master Redis Cluster", () => {
  let cluster: TestRedisCluster;
  const servers: RunningServer[] = [];
  const clients: RoomClient[] = [];

  beforeAll(async () => {
    cluster = await startRedisCluster();
  }, 60_000);
  afterAll(async () => {
    for (const client of clients) client.close();
    await Promise.all(servers.map((server) => server.close()));
    await cluster?.stop();
  });

  const connect = async (server: RunningServer) => {
    const client = await connectClient(server.url);
    clients.push(client);
    return client;
  };

  it("runs a whole round across nodes: join, push, a segment end, scorecard, swap, debrief, and the partner queue", async () => {
    const keyPrefix = uniquePrefix("cluster");
    const env = { REDIS_CLUSTER: "true", LOG_LEVEL: "warn" };
    // What the nodes log: their background work (the presence upkeep, the queue's heartbeat and sweep) fails only there.
    const logLines: string[] = [];
    for (let i = 0; i < 2; i++) servers.push(await startTestServer({ redisUrl: cluster.url, keyPrefix, env, logLines }));
    const [nodeA, nodeB] = servers as [RunningServer, RunningServer];

    // Rooms spread over every master: the shards' hash tags fall in all three slot ranges.
    expect(new Set(shardTags).size).toBe(16);

    const roomId = await createRoom(nodeB.url);
    const interviewer = await connect(nodeA);
    const candidate = await connect(nodeB);
    const asInterviewer = await interviewer.join({ roomId, name: "Iris", role: "interviewer" });
    const asCandidate = await candidate.join({ roomId, name: "Cam", role: "candidate" });
    expect(asCandidate.state.participants.map((p) => p.name)).toEqual(["Iris", "Cam"]);

    const prompt = nextState(candidate, (state) => state.currentQuestion?.id === "tech-tcp-vs-udp");
    await interviewer.pushQuestion("tech-tcp-vs-udp");
    expect(Object.keys((await prompt).currentQuestion ?? {}).sort()).toEqual(["id", "prompt"]);

    // A short first segment: whichever node polls first ends it, and both people hear it once.
    await nodeA.store.updateRoom(roomId, (room) => ({
      room: { ...room, timer: newTimer([{ id: "part-1", name: "Part 1", durationMs: 150 }, { id: "part-2", name: "Part 2", durationMs: 60_000 }]) },
      result: null,
    }));
    const endedForInterviewer = nextEvent(interviewer, "timer:segment-ended");
    const endedForCandidate = nextEvent(candidate, "timer:segment-ended");
    await interviewer.startTimer();
    expect((await endedForInterviewer).segmentIndex).toBe(0);
    expect((await endedForCandidate).segmentIndex).toBe(0);

    const scored = nextState(candidate, (state) => state.scorecard !== null);
    await interviewer.submitScorecard(scorecardSubmission({ recommendation: "strong-hire", strengths: "Chose the transport by the loss it can bear." }));
    expect((await scored).scorecard?.recommendation).toBe("strong-hire");

    const swapped = nextState(interviewer, (state) => state.round === 2 && state.view === "participant");
    await candidate.swapRoles();
    expect((await swapped).pastRounds).toHaveLength(1);

    const response = await fetch(`${nodeA.url}/api/rooms/${roomId}/debrief`, { headers: { authorization: `Bearer ${asInterviewer.token}` } });
    expect(response.status).toBe(200);
    const debrief = debriefSchema.parse(await response.json());
    expect(debrief.rounds.map((round) => round.scorecard?.strengths ?? null)).toEqual(["Chose the transport by the loss it can bear.", null]);

    // The partner queue (its own hash tag) pairs two people who asked on different nodes.
    const first = await connect(nodeA);
    const second = await connect(nodeB);
    const firstMatched = nextEvent(first, "queue:matched");
    const waiting = await first.joinQueue({ trackId: "amazon-tpm", stageId: "phone-interview", preferredRole: "candidate", name: "Quinn" });
    expect(waiting.state).toBe("waiting");
    const answer = await second.joinQueue({ trackId: "amazon-tpm", stageId: "phone-interview", preferredRole: "interviewer", name: "Rae" });
    if (answer.state !== "matched") throw new Error("the second request should be paired at once");
    const match: QueueMatched = await firstMatched;
    expect(match.roomId).toBe(answer.match.roomId);
    const entered = await first.join({ roomId: match.roomId, token: match.token });
    expect(entered.participant.role).toBe("candidate");
    // Each node recorded itself alive to the queue as it started and every second since, without an error.
    expect(logLines.filter((line) => (JSON.parse(line) as { level: number }).level >= 50)).toEqual([]);
  });
});
