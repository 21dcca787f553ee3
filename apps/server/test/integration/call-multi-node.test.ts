import { collectEvents, connectClient, createRoom, nextEvent, startNodesOneBehindProxy, waitFor } from "@mockloop/test-support";
import { useRedisNodes } from "@mockloop/test-support/vitest";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";

const media = { audio: true, video: false, screen: false, audioOnly: true };

describe("call signalling across two nodes on one Redis", () => {
  const cluster = useRedisNodes();

  it("relays presence and signals between people on different nodes, and stores none of it", async () => {
    const {
      nodes: [nodeA, nodeB],
      keyPrefix,
    } = await cluster.nodes(2);
    if (!nodeA || !nodeB) throw new Error("two nodes expected");
    const roomId = await createRoom(nodeA.url);
    const interviewer = await cluster.connect(nodeA);
    const candidate = await cluster.connect(nodeB);
    const interviewerId = (await interviewer.join({ roomId, name: "Iris", role: "interviewer" })).participant.id;
    const candidateId = (await candidate.join({ roomId, name: "Cam", role: "candidate" })).participant.id;

    const greeted = nextEvent(candidate, "call:peer", (event) => event.from === interviewerId);
    await interviewer.call("call:announce", { session: "iris-session-1", media, greet: true });
    expect((await greeted).media).toEqual(media);

    // A marker in the SDP and the candidate, to look for in Redis afterwards.
    const marker = "mockloop-marker-5e1f";
    const offer = nextEvent(candidate, "call:signal", (event) => event.signal.kind === "description");
    await interviewer.call("call:signal", {
      to: candidateId,
      toSession: "cam-session-1",
      fromSession: "iris-session-1",
      signal: { kind: "description", description: { type: "offer", sdp: `v=0\r\ns=${marker}\r\n` } },
    });
    expect((await offer).from).toBe(interviewerId);
    const ice = nextEvent(interviewer, "call:signal", (event) => event.signal.kind === "candidate");
    await candidate.call("call:signal", {
      to: interviewerId,
      toSession: "iris-session-1",
      fromSession: "cam-session-1",
      signal: { kind: "candidate", candidate: { candidate: `candidate:1 1 udp 1 127.0.0.1 9 typ host ufrag ${marker}`, sdpMid: "0" } },
    });
    expect((await ice).from).toBe(candidateId);

    const left = nextEvent(candidate, "call:left");
    await interviewer.call("call:leave", { session: "iris-session-1" });
    expect(await left).toEqual({ from: interviewerId, session: "iris-session-1", dropped: false });

    const redis = new Redis(cluster.redis().url);
    try {
      const keys = await redis.keys(`${keyPrefix}*`);
      expect(keys.length).toBeGreaterThan(0);
      const types = await Promise.all(keys.map((key) => redis.type(key)));
      // The adapter's stream (which keeps every event it carries) is among them: the call's events never enter it.
      expect(types).toContain("stream");
      for (const key of keys) {
        const type = await redis.type(key);
        // Every kind of key, the Socket.IO adapter's event stream included.
        const contents =
          type === "string"
            ? await redis.get(key)
            : type === "hash"
              ? JSON.stringify(await redis.hgetall(key))
              : type === "stream"
                ? JSON.stringify(await redis.xrange(key, "-", "+"))
                : type === "set"
                  ? JSON.stringify(await redis.smembers(key))
                  : type === "list"
                    ? JSON.stringify(await redis.lrange(key, 0, -1))
                    : JSON.stringify(await redis.zrange(key, 0, -1));
        expect(contents ?? "", key).not.toContain(marker);
        expect(contents ?? "", key).not.toContain("iris-session-1");
      }
    } finally {
      redis.disconnect();
    }
  });
  it("relays a signal once when Redis ran its publish, lost the answer and was sent it again", async () => {
    const cleanups: (() => unknown)[] = [];
    try {
      const { proxy, behindProxy, other, close } = await startNodesOneBehindProxy(cluster.redis().url, "resent-signal");
      cleanups.push(close);
      const roomId = await createRoom(behindProxy.url);
      const [interviewer, candidate] = [await connectClient(behindProxy.url), await connectClient(other.url)];
      cleanups.push(() => interviewer.close(), () => candidate.close());
      await interviewer.join({ roomId, name: "Iris", role: "interviewer" });
      const candidateId = (await candidate.join({ roomId, name: "Cam", role: "candidate" })).participant.id;
      const greeted = nextEvent(candidate, "call:peer");
      await interviewer.call("call:announce", { session: "iris-session-1", media, greet: true });
      await greeted;
      const signals = collectEvents(candidate, "call:signal");
      const signal = (marker: string) =>
        interviewer.call("call:signal", {
          to: candidateId,
          toSession: "cam-session-1",
          fromSession: "iris-session-1",
          signal: { kind: "candidate", candidate: { candidate: `candidate:1 1 udp 1 127.0.0.1 9 typ host ufrag ${marker}`, sdpMid: "0" } },
        });
      // The first signal's publish reaches Redis, which hands it on; its answer does not come back, and the
      // node's Redis connection, open again, sends it once more.
      const answerLost = proxy.loseAnswerTo("mockloop-first-7c2a");
      await signal("mockloop-first-7c2a");
      await answerLost;
      // The second goes out on the same connection after that resend: once it is here, every copy of the first is.
      await signal("mockloop-second-7c2a");
      await waitFor(() => signals.length >= 2, "the second signal", 5_000);
      const markers = signals.map((heard) => (heard.signal.kind === "candidate" ? heard.signal.candidate?.candidate.split(" ").at(-1) : ""));
      expect(markers).toEqual(["mockloop-first-7c2a", "mockloop-second-7c2a"]);
    } finally {
      for (const cleanup of cleanups.reverse()) await cleanup();
    }
  });
});
