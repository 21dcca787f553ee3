import { emptyScorecardContent } from "@mockloop/protocol";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { collectEvents, connectClient, createRoom, nextState, readMetric, startNodesOneBehindProxy, startRedisProxy, startTestServer, uniquePrefix, waitFor } from "@mockloop/test-support";
import { useRedisNodes } from "@mockloop/test-support/vitest";
import type { RoomClient } from "@mockloop/protocol/client";
import { timerDueAt } from "../../src/features/timer/index.ts";
import { newTimer } from "../../src/features/timer/timer-rules.ts";
import { roomKeys } from "../../src/store/redis/keys.ts";
import { channels } from "../../src/transport/channels.ts";
import { RedisRoomStore } from "../../src/store/redis/room-store.ts";

/** How many of its own entries a node delivered from the stream after a write's lost answer (`OwnEntries`). */
const lostAnswerEntries = (url: string) => readMetric(url, "mockloop_lost_answer_entries_total");

/** The stream offset of the last event a client received: what it presents to be replayed what it missed. */
const lastOffset = (client: RoomClient) => (client.socket as unknown as { _lastOffset?: string })._lastOffset;

describe("a change announced in its own write to Redis", () => {
  const cluster = useRedisNodes();

  async function roomAcross() {
    const { nodes, keyPrefix } = await cluster.nodes(2);
    const [nodeA, nodeB] = nodes as [(typeof nodes)[number], (typeof nodes)[number]];
    const roomId = await createRoom(nodeA.url);
    const interviewer = await cluster.connect(nodeA);
    const candidate = await cluster.connect(nodeB);
    const { token: interviewerToken } = await interviewer.join({ roomId, name: "Iris", role: "interviewer" });
    await candidate.join({ roomId, name: "Cam", role: "candidate" });
    const redis = new Redis(cluster.redis().url);
    const patchEntries = async (version: number) => {
      const entries = await redis.xrange(`${keyPrefix}socket.io`, "-", "+");
      return entries.filter(([, fields]) => fields.includes("data") && fields[fields.indexOf("data") + 1]?.includes(`"version":${version},`));
    };
    return { nodeA, nodeB, keyPrefix, roomId, interviewer, interviewerToken, candidate, redis, patchEntries };
  }

  it("reaches this node's people and the other node's, once each, each with its entry's offset", async () => {
    const { nodeA, nodeB, keyPrefix, roomId, interviewer, interviewerToken, candidate, redis, patchEntries } = await roomAcross();
    // The interviewer's second tab on the asking connection's node (told by this node's own delivery), and a third on the other node.
    const tabHere = await cluster.connect(nodeA);
    await tabHere.join({ roomId, token: interviewerToken });
    const tabThere = await cluster.connect(nodeB);
    await tabThere.join({ roomId, token: interviewerToken });
    try {
      const version = (interviewer.getState()?.version ?? 0) + 1;
      // Counted as they arrive, repeats included (the client itself drops a repeat).
      const patches = [interviewer, tabHere, tabThere, candidate].map((client) => {
        const versions: number[] = [];
        client.socket.on("room:patch", (patch) => versions.push(patch.version));
        return versions;
      });
      const shown = nextState(candidate, (state) => state.currentQuestion?.id === "tech-tcp-vs-udp");
      const seenHere = nextState(tabHere, (state) => state.currentQuestion?.id === "tech-tcp-vs-udp");
      const seenThere = nextState(tabThere, (state) => state.currentQuestion?.id === "tech-tcp-vs-udp");
      await interviewer.pushQuestion("tech-tcp-vs-udp");
      // The asking connection has its change with the answer.
      expect(interviewer.getState()?.currentQuestion?.id).toBe("tech-tcp-vs-udp");
      await Promise.all([shown, seenHere, seenThere]);
      // One entry per view: the candidate's and the interviewer's, each delivered on the other node by its adapter.
      const entries = await patchEntries(version);
      expect(entries).toHaveLength(2);
      const [forCandidate, forInterviewer] = entries.map(([id]) => id);
      await waitFor(() => lastOffset(candidate) === forCandidate && lastOffset(tabThere) === forInterviewer, "each client to hold its entry's offset");

      // With the interviewer's tabs all on the asking node, their view is delivered here alone: no entry for it.
      tabThere.close();
      await waitFor(async () => (await redis.hvals(roomKeys(keyPrefix, roomId).presence)).length === 3, "the closed tab's connection to be gone");
      await interviewer.pushQuestion("lp-most-complex-program");
      await nextState(candidate, (state) => state.currentQuestion?.id === "lp-most-complex-program");
      await nextState(tabHere, (state) => state.currentQuestion?.id === "lp-most-complex-program");
      expect((await patchEntries(version + 1)).map(([, fields]) => fields[fields.indexOf("data") + 1]?.includes('"view":"participant"'))).toEqual([true]);
      // A third change, so that a late duplicate of the first two would have arrived by now.
      await interviewer.pushQuestion("tech-tcp-vs-udp");
      await nextState(candidate, (state) => state.version === version + 2);
      await nextState(tabHere, (state) => state.version === version + 2);
      const [asker, here, there, forTheCandidate] = patches;
      for (const versions of [here, forTheCandidate]) expect(versions).toEqual([version, version + 1, version + 2]);
      expect(there).toEqual([version]);
      // The asking connection is sent no patch of its own changes: its answers carried them.
      expect(asker).toEqual([]);
      expect(interviewer.getState()?.version).toBe(version + 2);
    } finally {
      tabHere.close();
      tabThere.close();
      redis.disconnect();
    }
  });

  it("replays a change made while a client was cut off, from its offset, without a resync", async () => {
    const { nodeA, roomId, interviewer, redis } = await roomAcross();
    try {
      // An observer on the interviewer's node: its events come from this node's own delivery.
      const tab = await cluster.connect(nodeA);
      const observer = await tab.join({ roomId, name: "Olga", role: "observer" });
      expect(observer.participant.role).toBe("observer");
      const asked: string[] = [];
      const socket = tab.socket as unknown as { emit: (event: string, ...args: unknown[]) => unknown };
      const originalEmit = socket.emit;
      socket.emit = (event, ...args) => {
        asked.push(event);
        return Reflect.apply(originalEmit, tab.socket, [event, ...args]);
      };
      await interviewer.pushQuestion("tech-tcp-vs-udp");
      await nextState(tab, (state) => state.currentQuestion?.id === "tech-tcp-vs-udp");
      // The transport drops; the interviewer pushes meanwhile.
      tab.socket.io.engine.close();
      await waitFor(() => !tab.socket.connected, "the tab to notice the drop");
      await interviewer.pushQuestion("lp-most-complex-program");
      const caughtUp = await nextState(tab, (state) => state.currentQuestion?.id === "lp-most-complex-program", 8_000);
      expect(tab.socket.recovered).toBe(true);
      expect(caughtUp.version).toBe(interviewer.getState()?.version);
      expect(asked).not.toContain("room:sync");
    } finally {
      redis.disconnect();
    }
  });

  it("tells a participant's other tabs through the stream only when one of them is on another node", async () => {
    const { nodeA, nodeB, keyPrefix, roomId, interviewer, interviewerToken, redis } = await roomAcross();
    const draftEntries = async () => (await redis.xrange(`${keyPrefix}socket.io`, "-", "+")).filter(([, fields]) => fields.some((field) => field.includes('"scorecard:draft"')));
    const tabHere = await cluster.connect(nodeA);
    await tabHere.join({ roomId, token: interviewerToken });
    const seenHere = collectEvents(tabHere, "scorecard:draft");
    try {
      // The interviewer's tabs are all on this node: it tells them itself, and the stream carries nothing.
      expect(await interviewer.saveScorecardDraft({ ...emptyScorecardContent(), strengths: "first" }, 0)).toMatchObject({ ok: true, data: { version: 1 } });
      await waitFor(() => seenHere.length === 1, "the tab on the same node to get the draft");
      expect(await draftEntries()).toEqual([]);

      // A tab on the other node: the stream carries the draft to it, and this node's tab still gets it.
      const tabThere = await cluster.connect(nodeB);
      await tabThere.join({ roomId, token: interviewerToken });
      const seenThere = collectEvents(tabThere, "scorecard:draft");
      expect(await interviewer.saveScorecardDraft({ ...emptyScorecardContent(), strengths: "second" }, 1)).toMatchObject({ ok: true });
      await waitFor(() => seenThere.length === 1 && seenHere.length === 2, "both tabs to get the second draft");
      expect(seenThere[0]).toMatchObject({ content: { strengths: "second" } });
      expect(await draftEntries()).toHaveLength(1);
      tabThere.close();
    } finally {
      tabHere.close();
      redis.disconnect();
    }
  });
  it("takes none of its own entries for a lost answer while many writes are out at once", async () => {
    const { nodes } = await cluster.nodes(2);
    const [nodeA, nodeB] = nodes as [(typeof nodes)[number], (typeof nodes)[number]];
    const pairs = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const roomId = await createRoom(nodeA.url);
        const interviewer = await cluster.connect(nodeA);
        const candidate = await cluster.connect(nodeB);
        await interviewer.join({ roomId, name: "Iris", role: "interviewer" });
        await candidate.join({ roomId, name: "Cam", role: "candidate" });
        const versions: number[] = [];
        candidate.socket.on("room:patch", (patch) => versions.push(patch.version));
        return { interviewer, candidate, versions };
      }),
    );
    const questions = ["tech-tcp-vs-udp", "lp-most-complex-program"];
    // Every room's pushes at once: the node's writes overlap, and their entries come back while others are out.
    await Promise.all(
      pairs.map(async ({ interviewer }) => {
        for (let push = 0; push < 10; push++) expect(await interviewer.request("question:push", { questionId: questions[push % 2]! })).toMatchObject({ ok: true });
      }),
    );
    for (const { interviewer, candidate } of pairs) await nextState(candidate, (state) => state.version === interviewer.getState()?.version);
    expect([await lostAnswerEntries(nodeA.url), await lostAnswerEntries(nodeB.url)]).toEqual([0, 0]);
    // Each candidate heard each change once.
    for (const { versions } of pairs) expect(new Set(versions).size).toBe(versions.length);
  });

  /** A node that talks to Redis through a proxy which can lose one command's answer, with a pair in a room on it. */
  async function pairBehindProxy(cleanups: (() => unknown)[]) {
    const proxy = await startRedisProxy(cluster.redis().url);
    cleanups.push(() => proxy.close());
    const keyPrefix = uniquePrefix("lost-answer");
    // Its logs are kept here: the lost answers make it log the Redis errors it meets, as it should.
    const node = await startTestServer({ redisUrl: proxy.url, keyPrefix, env: { TIMER_POLL_MS: "10" }, logLines: [] });
    cleanups.push(() => node.close());
    const direct = new Redis(cluster.redis().url);
    cleanups.push(() => direct.disconnect());
    const roomId = await createRoom(node.url);
    const [interviewer, candidate] = [await connectClient(node.url), await connectClient(node.url)];
    cleanups.push(() => interviewer.close(), () => candidate.close());
    await interviewer.join({ roomId, name: "Iris", role: "interviewer" });
    await candidate.join({ roomId, name: "Cam", role: "candidate" });
    const store = new RedisRoomStore(direct, { keyPrefix, roomTtlMs: 60_000, dueAt: timerDueAt });
    const entriesOfLostAnswers = () => lostAnswerEntries(node.url);
    return { proxy, roomId, interviewer, candidate, store, entriesOfLostAnswers };
  }
  const runCleanups = async (cleanups: (() => unknown)[]) => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };

  it("reaches this node's people when Redis ran the write but its answer was lost", async () => {
    const cleanups: (() => unknown)[] = [];
    try {
      const { proxy, roomId, interviewer, candidate, store, entriesOfLostAnswers } = await pairBehindProxy(cleanups);
      expect(await entriesOfLostAnswers()).toBe(0);
      const ends = [interviewer, candidate].map((client) => collectEvents(client, "timer:segment-ended"));
      await store.updateRoom(roomId, (room) => ({
        room: { ...room, timer: newTimer([{ id: "part-1", name: "Part 1", durationMs: 300 }, { id: "part-2", name: "Part 2", durationMs: 60_000 }]) },
        result: null,
      }));
      await interviewer.request("room:sync", {});
      // The scheduler's write of the segment end goes through; its answer does not come back.
      const answerLost = proxy.loseAnswerTo("timer:segment-ended");
      await interviewer.startTimer();
      await answerLost;
      // Redis holds the end (the node applied it, and never heard so): nobody will apply it again.
      expect((await store.getRoom(roomId))?.timer.segmentIndex).toBe(1);
      await waitFor(() => ends.every((list) => list.some((end) => end.segmentId === "part-1")), "both people on the writing node to hear the end", 5_000);
      for (const list of ends) expect(list.map((end) => end.segmentId)).toEqual(["part-1"]);
      for (const client of [interviewer, candidate]) await nextState(client, (state) => state.timer.segmentIndex === 1);
      // The candidate's patch and the segment end: the operator sees both were delivered after a lost answer.
      expect(await entriesOfLostAnswers()).toBe(2);
    } finally {
      await runCleanups(cleanups);
    }
  });

  it("delivers a node's broadcast once on another node when Redis ran it, lost its answer and was sent it again", async () => {
    const cleanups: (() => unknown)[] = [];
    try {
      const { proxy, behindProxy, other, keyPrefix, close } = await startNodesOneBehindProxy(cluster.redis().url, "resent-publish");
      cleanups.push(close);
      const direct = new Redis(cluster.redis().url);
      cleanups.push(() => direct.disconnect());
      const roomId = await createRoom(behindProxy.url);
      const join = async (url: string, name: string, role: "interviewer" | "candidate" | "observer") => {
        const client = await connectClient(url);
        cleanups.push(() => client.close());
        await client.join({ roomId, name, role });
        return client;
      };
      const interviewer = await join(other.url, "Iris", "interviewer");
      const notices = collectEvents(interviewer, "room:activity");
      // The candidate's "joined" notice leaves the proxied node on its publishing connection: Redis appends it, the
      // answer is lost, and the connection, once open again, sends the same command again.
      const answerLost = proxy.loseAnswerTo('"room:activity"');
      await join(behindProxy.url, "Cam", "candidate");
      await answerLost;
      // The observer's notice goes out on the same connection after that resend, so once it is here, every copy of Cam's is.
      await join(behindProxy.url, "Oz", "observer");
      await waitFor(() => notices.some((notice) => notice.participant.name === "Oz"), "the observer's notice on the other node", 5_000);
      const entries = await direct.xrange(`${keyPrefix}socket.io`, "-", "+");
      // The stream holds Cam's notice twice; the other node's interviewer heard it once.
      expect(entries.filter(([, fields]) => fields.some((field) => field.includes('"room:activity"') && field.includes('"Cam"')))).toHaveLength(2);
      expect(notices.filter((notice) => notice.type === "joined").map((notice) => notice.participant.name)).toEqual(["Cam", "Oz"]);
    } finally {
      await runCleanups(cleanups);
    }
  });

  /** A room on one node with its interviewer, and another node's "joined" notices appended as its adapter appends them. */
  async function roomWithAnotherNodesNotices() {
    const { nodes, keyPrefix } = await cluster.nodes(1);
    const node = nodes[0]!;
    const roomId = await createRoom(node.url);
    const interviewer = await cluster.connect(node);
    await interviewer.join({ roomId, name: "Iris", role: "interviewer" });
    const redis = new Redis(cluster.redis().url);
    const appendNotice = (number: number, name: string) => {
      const notice = { type: "joined", participant: { id: `observer-${name.replace(/ /g, "-")}`, name, role: "observer", connected: true }, at: 0 };
      const data = { packet: { type: 2, data: ["room:activity", notice], nsp: "/" }, opts: { rooms: [channels.room(roomId)], except: [], flags: {} } };
      return redis.xadd(`${keyPrefix}socket.io`, "*", "uid", "another-node", "nsp", "/", "type", "3", "data", JSON.stringify(data), "n", String(number));
    };
    return { node, roomId, interviewer, redis, appendNotice };
  }

  it("drops only exact repeats of another node's publish numbers, in whatever order they come", async () => {
    const { interviewer, redis, appendNotice } = await roomWithAnotherNodesNotices();
    const notices = collectEvents(interviewer, "room:activity");
    try {
      // On a Redis Cluster a retried command may land after a newer one.
      await appendNotice(2, "Two");
      await appendNotice(1, "One");
      await appendNotice(2, "Two again");
      await appendNotice(3, "Three");
      await waitFor(() => notices.some((notice) => notice.participant.name === "Three"), "the last entry's notice", 5_000);
      expect(notices.map((notice) => notice.participant.name)).toEqual(["Two", "One", "Three"]);
    } finally {
      redis.disconnect();
    }
  });

  it("replays a publish that is in the stream twice once to a client that comes back", async () => {
    const { node, roomId, interviewer, redis, appendNotice } = await roomWithAnotherNodesNotices();
    const tab = await cluster.connect(node);
    await tab.join({ roomId, name: "Olga", role: "observer" });
    const notices = collectEvents(tab, "room:activity");
    try {
      // A change the tab heard from the stream gives it the offset to come back from.
      await interviewer.pushQuestion("lp-most-complex-program");
      await nextState(tab, (state) => state.currentQuestion?.id === "lp-most-complex-program");
      // The tab is away (and stays away until told) while another node's notice lands in the stream twice.
      tab.socket.io.reconnection(false);
      tab.socket.io.engine.close();
      await waitFor(() => !tab.socket.connected, "the tab to notice the drop");
      for (let copy = 0; copy < 2; copy++) await appendNotice(1, "Cam");
      // What the tab missed comes back with its connection, from the stream: once, and without a resync.
      tab.socket.connect();
      await waitFor(() => tab.socket.connected, "the tab to come back");
      expect(tab.socket.recovered).toBe(true);
      await interviewer.pushQuestion("tech-tcp-vs-udp");
      await nextState(tab, (state) => state.currentQuestion?.id === "tech-tcp-vs-udp");
      // (The tab also hears of its own way back, from the node.)
      expect(notices.filter((heard) => heard.participant.name === "Cam")).toHaveLength(1);
    } finally {
      redis.disconnect();
    }
  });

  it("answers a command ok, applied once, when Redis ran its write but the answer was lost", async () => {
    const cleanups: (() => unknown)[] = [];
    try {
      const { proxy, roomId, interviewer, candidate, store } = await pairBehindProxy(cleanups);
      const lengthBefore = interviewer.getState()?.timer.segments[0]?.durationMs ?? 0;
      const versionBefore = interviewer.getState()?.version ?? 0;
      // The adjustment's write carries the segment's new length; its answer does not come back, and Redis stays
      // out of reach a moment (the node answers STORE_UNAVAILABLE, not knowing whether the write ran).
      const answerLost = proxy.loseAnswerTo(`"durationMs":${lengthBefore + 60_000}`, { downForMs: 1_000 });
      const sent: string[] = [];
      interviewer.socket.onAnyOutgoing((event: string) => {
        if (event === "timer:adjust") sent.push(event);
      });
      const ack = await interviewer.request("timer:adjust", { deltaMs: 60_000 });
      await answerLost;
      expect(ack).toMatchObject({ ok: true });
      // Sent twice with one id: the second copy found it applied.
      expect(sent).toHaveLength(2);
      const stored = await store.getRoom(roomId);
      expect(stored?.version).toBe(versionBefore + 1);
      expect(stored?.timer.segments[0]?.durationMs).toBe(lengthBefore + 60_000);
      for (const client of [interviewer, candidate]) {
        await nextState(client, (state) => state.version === versionBefore + 1);
        expect(client.getState()?.timer.segments[0]?.durationMs).toBe(lengthBefore + 60_000);
      }
    } finally {
      await runCleanups(cleanups);
    }
  });
});
