import { describe, expect, it } from "vitest";
import { startRedis, uniquePrefix } from "@mockloop/test-support";
import { useRedisNodes } from "@mockloop/test-support/vitest";
import { createRoom, nextEvent, nextState, scorecardSubmission, startTestServer } from "@mockloop/test-support";


describe("two server nodes on one Redis serve the two sides of one room", () => {
  const cluster = useRedisNodes();
  const startNodes = (count: number) => cluster.nodes(count);
  const connect = cluster.connect;

  it("runs a whole round with the interviewer on node A and the candidate on node B", async () => {
    const {
      nodes: [nodeA, nodeB],
    } = await startNodes(2);
    if (!nodeA || !nodeB) throw new Error("two nodes expected");
    expect(nodeA.store.kind).toBe("redis");

    // Created through B, joined through both: nothing lives in one process.
    const roomId = await createRoom(nodeB.url);
    const interviewer = await connect(nodeA);
    const candidate = await connect(nodeB);
    await interviewer.join({ roomId, name: "Iris", role: "interviewer" });
    const seen = nextEvent(interviewer, "room:activity", (activity) => activity.type === "joined" && activity.participant.name === "Cam");
    const asCandidate = await candidate.join({ roomId, name: "Cam", role: "candidate" });
    expect(asCandidate.state.participants.map((p) => p.name)).toEqual(["Iris", "Cam"]);
    await seen;

    const prompt = nextState(candidate, (state) => state.currentQuestion?.id === "lp-most-complex-program");
    await interviewer.pushQuestion("lp-most-complex-program");
    expect(Object.keys((await prompt).currentQuestion ?? {}).sort()).toEqual(["id", "prompt"]);

    const running = nextState(candidate, (state) => state.timer.status === "running");
    await interviewer.startTimer();
    const deadlineOnB = (await running).timer.deadline;
    const onA = await interviewer.call("clock:sync", { clientSentAt: Date.now() });
    expect(deadlineOnB).toBeGreaterThan(onA.serverTime);

    const scored = nextState(candidate, (state) => state.scorecard !== null);
    await interviewer.submitScorecard(scorecardSubmission({ recommendation: "strong-hire", strengths: "Owned the outcome end to end." }));
    expect((await scored).scorecard?.recommendation).toBe("strong-hire");
  });

  it("keeps the room through a restart: a new node on the same Redis takes the candidate back", async () => {
    const { nodes, keyPrefix } = await startNodes(1);
    const [first] = nodes;
    if (!first) throw new Error("a node expected");
    const roomId = await createRoom(first.url);
    const interviewer = await connect(first);
    const candidate = await connect(first);
    await interviewer.join({ roomId, name: "Iris", role: "interviewer" });
    const joined = await candidate.join({ roomId, name: "Cam", role: "candidate" });
    await interviewer.pushQuestion("tech-tcp-vs-udp");
    await interviewer.startTimer();
    const before = await first.app.rooms.getRoom(roomId);

    interviewer.close();
    candidate.close();
    await cluster.stop(first);

    const second = await cluster.node(keyPrefix);
    const back = await connect(second);
    const rejoined = await back.join({ roomId, token: joined.token });
    expect(rejoined.resumed).toBe(true);
    expect(rejoined.participant.id).toBe(joined.participant.id);
    expect(rejoined.state.currentQuestion?.id).toBe("tech-tcp-vs-udp");
    expect(rejoined.state.timer.status).toBe("running");
    expect(rejoined.state.timer.deadline).toBe(before.timer.deadline);
  });

  it("reports not ready while Redis is unreachable, yet stays alive", async () => {
    const own = await startRedis();
    // Its reconnect attempts log errors by design; keep the test output readable.
    const node = await startTestServer({ redisUrl: own.url, keyPrefix: uniquePrefix("ready"), env: { LOG_LEVEL: "fatal" } });
    try {
      expect((await fetch(`${node.url}/readyz`)).status).toBe(200);
      await own.stop();
      const down = await fetch(`${node.url}/readyz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ status: "unavailable", store: "redis" });
      expect((await fetch(`${node.url}/healthz`)).status).toBe(200);
    } finally {
      await node.close();
    }
  });
});
