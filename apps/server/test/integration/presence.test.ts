import { ErrorCode, type JoinResult } from "@mockloop/protocol";
import type { RoomClient } from "@mockloop/protocol/client";
import { describe, expect, it } from "vitest";
import { twoNodes, useRedisNodes } from "@mockloop/test-support/vitest";
import { connectClient, createRoom, nextState, readMetric, startNodesOneBehindProxy, startTestServer, waitFor, type NodesOneBehindProxy } from "@mockloop/test-support";
import type { RunningServer } from "../../src/index.ts";

describe("presence: under a crowd on real Redis across two nodes, and on joining", () => {
  const cluster = useRedisNodes();

  it("shows offline someone whose connection closed while their join was being handled", async () => {
    const [a] = await twoNodes(cluster);
    const roomId = await createRoom(a.url);
    const watcher = await cluster.connect(a);
    await watcher.join({ roomId, name: "Iris", role: "interviewer" });
    const handled = async () => (await readMetric(a.url, 'mockloop_socket_events_total{event="room:join",outcome="ok"}')) ?? 0;
    for (let attempt = 0; attempt < 3; attempt++) {
      const handledBefore = await handled();
      const leaving = await connectClient(a.url);
      // The tab closes right after asking to join: the close reaches the node before the join is done.
      leaving.socket.emit("room:join", { roomId, name: `Lee ${attempt}`, role: "observer" }, () => undefined);
      leaving.close();
      await waitFor(async () => (await handled()) > handledBefore, `join ${attempt} to be handled`);
      await waitFor(async () => (await a.app.rooms.online(roomId)).length === 1, `only the watcher online after join ${attempt}`, 3_000);
    }
    // And the interviewer sees them so: the three came and went.
    await waitFor(() => {
      const others = watcher.getState()?.participants.filter((participant) => participant.name !== "Iris") ?? [];
      return others.length === 3 && others.every((participant) => !participant.connected);
    }, "the interviewer to see the three offline");
  });

  /**
   * Two nodes on one Redis, one of them reaching it through a proxy that can lose an answer, and a room with Iris
   * interviewing from the node named; closed after `run`.
   */
  async function withRoomBehindProxy(irisOn: "other" | "behindProxy", run: (setup: { nodes: NodesOneBehindProxy; roomId: string; iris: RoomClient }) => Promise<void>) {
    const nodes = await startNodesOneBehindProxy(cluster.redis().url, "join-lost-answer");
    try {
      const roomId = await createRoom(nodes.other.url);
      const iris = await connectClient(nodes[irisOn].url);
      await iris.join({ roomId, name: "Iris", role: "interviewer" });
      await run({ nodes, roomId, iris });
      iris.close();
    } finally {
      await nodes.close();
    }
  }

  it("shows offline someone whose join Redis recorded but whose answer was lost, once their connection closes", async () => {
    await withRoomBehindProxy("other", async ({ nodes, roomId }) => {
      const cam = await connectClient(nodes.other.url);
      const { token, participant } = await cam.join({ roomId, name: "Cam", role: "candidate" });
      cam.close();
      const online = () => nodes.other.app.rooms.online(roomId);
      await waitFor(async () => (await online()).length === 1, "Cam to go offline");
      // Cam comes back through the node behind the proxy: Redis records the connection, and its answer is lost.
      const tab = await connectClient(nodes.behindProxy.url);
      const answerLost = nodes.proxy.loseAnswerTo(tab.socket.id ?? "", { downForMs: 1_000 });
      const ack: unknown = await tab.socket.timeout(10_000).emitWithAck("room:join", { roomId, token });
      await answerLost;
      expect(ack).toMatchObject({ ok: false, error: { code: ErrorCode.StoreUnavailable } });
      expect(await online()).toContain(participant.id);
      // Told it failed, the page goes; Cam is not left showing as connected.
      tab.close();
      await waitFor(async () => (await online()).length === 1, "Cam to go offline again once the tab closed");
    });
  });

  it("gives a newcomer the seat Redis took for them when the join's answer was lost", async () => {
    // Iris and Cora on one node, so that the write that seats Cora is one command (with someone on another node,
    // its first try asks for the interviewer's view before writing anything).
    await withRoomBehindProxy("behindProxy", async ({ nodes, roomId }) => {
      const cora = await connectClient(nodes.behindProxy.url);
      // The write that seats Cora goes through; its answer does not come back, and Redis is out of reach a moment.
      const answerLost = nodes.proxy.loseAnswerTo('"name":"Cora"', { downForMs: 1_000 });
      const ack = await cora.request("room:join", { roomId, name: "Cora", role: "candidate" });
      await answerLost;
      if (!ack.ok) throw new Error(`expected Cora to be seated, got ${JSON.stringify(ack)}`);
      expect(ack.data.participant).toMatchObject({ name: "Cora", role: "candidate" });
      const room = await nodes.other.app.rooms.getRoom(roomId);
      expect(room.participants.filter((participant) => participant.name === "Cora").map((participant) => participant.id)).toEqual([ack.data.participant.id]);
      // The token she was given is the seat's: it brings her back on any node.
      cora.close();
      const again = await connectClient(nodes.other.url);
      expect(await again.join({ roomId, token: ack.data.token })).toMatchObject({ resumed: true, participant: { id: ack.data.participant.id } });
      again.close();
    });
  });

  it("gives a newcomer the seat a lost join took when they try again after a longer outage, with the token their client chose", async () => {
    await withRoomBehindProxy("behindProxy", async ({ nodes, roomId }) => {
      const cora = await connectClient(nodes.behindProxy.url);
      // The write that seats Cora goes through, its answer is lost, and Redis stays out of reach, past the node's
      // rereads and the client's one resend: the join fails.
      const answerLost = nodes.proxy.loseAnswerTo('"name":"Cora"', { downForMs: 60_000 });
      const join = { roomId, name: "Cora", role: "candidate" as const };
      await expect(cora.join(join)).rejects.toMatchObject({ code: ErrorCode.StoreUnavailable });
      await answerLost;
      nodes.proxy.restore();
      // Cora tries again once her node reaches Redis again: the same seat, not "the room already has a candidate"
      // (herself).
      await waitFor(async () => (await fetch(`${nodes.behindProxy.url}/readyz`)).ok, "the node to reach Redis again", 15_000);
      const joined = await cora.join(join);
      const room = await nodes.other.app.rooms.getRoom(roomId);
      const coras = room.participants.filter((participant) => participant.name === "Cora");
      expect(coras.map((participant) => participant.id)).toEqual([joined?.participant.id]);
      expect(await nodes.other.app.rooms.online(roomId)).toContain(joined?.participant.id);
      // Her token is the seat's.
      cora.close();
      const again = await connectClient(nodes.other.url);
      expect(await again.join({ roomId, token: joined?.token ?? "" })).toMatchObject({ resumed: true, participant: { id: joined?.participant.id } });
      again.close();
    });
  }, 40_000);

  it("lets 200 connections join at once, and shows 200 disconnects within 2 s", async () => {
    const [a, b] = await twoNodes(cluster);
    const roomId = await createRoom(a.url);
    // Eight people (the pair room's cap: two seats, six observers), each then opening 25 tabs on either node.
    const seats = [
      { name: "Iris", role: "interviewer" as const },
      { name: "Cam", role: "candidate" as const },
      ...Array.from({ length: 6 }, (_, i) => ({ name: `Observer ${i + 1}`, role: "observer" as const })),
    ];
    const people: (JoinResult & { first: RoomClient })[] = [];
    for (const seat of seats) {
      const first = await cluster.connect(a);
      people.push({ ...(await first.join({ roomId, ...seat })), first });
    }
    const watcher = people[0]!.first;
    const tabs = await Promise.all(Array.from({ length: 200 }, (_, i) => cluster.connect(i % 2 ? a : b)));
    const joins = await Promise.all(tabs.map((tab, i) => tab.request("room:join", { roomId, token: people[i % people.length]!.token })));
    expect(joins.filter((ack) => !ack.ok)).toEqual([]);

    // Everyone but the watcher closes every connection at once.
    for (const person of people.slice(1)) person.first.close();
    const closedAt = Date.now();
    tabs.forEach((tab, i) => i % people.length !== 0 && tab.close());
    const everyoneElseOffline = (state: { participants: { id: string; connected: boolean }[] }) =>
      state.participants.every((participant) => participant.connected === (participant.id === people[0]!.participant.id));
    await nextState(watcher, everyoneElseOffline, 2_000);
    expect(Date.now() - closedAt).toBeLessThan(2_000);
    // And the store agrees.
    await waitFor(async () => (await a.app.rooms.online(roomId)).length === 1, "only the watcher online");
  });

  /** Every room:patch and room:presence a connection is sent, as received (before the typed client drops repeats). */
  function received(client: RoomClient) {
    const events: { event: string; participantId?: string; version?: number }[] = [];
    client.socket.on("room:patch", (patch: { version: number }) => events.push({ event: "room:patch", version: patch.version }));
    client.socket.on("room:presence", (presence: { participantId: string }) => events.push({ event: "room:presence", participantId: presence.participantId }));
    return events;
  }

  for (const store of ["embedded", "redis"] as const) {
    it(`tells a joining connection of its own join only in its answer, and everyone else by events (${store} store)`, async () => {
      let embedded: RunningServer | undefined;
      const server = store === "redis" ? (await cluster.nodes(1)).nodes[0]! : (embedded = await startTestServer());
      const connect = async () => (store === "redis" ? cluster.connect(server) : connectClient(server.url));
      const [interviewer, candidate] = [await connect(), await connect()];
      try {
        const roomId = await createRoom(server.url);
        const toInterviewer = received(interviewer);
        const toCandidate = received(candidate);
        await interviewer.join({ roomId, name: "Iris", role: "interviewer" });
        const candidateSeen = nextState(interviewer, (state) => state.participants.some((participant) => participant.name === "Cam" && participant.connected));
        const asCandidate = await candidate.join({ roomId, name: "Cam", role: "candidate" });
        await candidateSeen;
        // Anything sent to the candidate before this answer has arrived by now (one connection keeps its order).
        await candidate.request("clock:sync", { clientSentAt: Date.now() });

        expect(toCandidate).toEqual([]);
        expect(candidate.getState()?.version).toBe(asCandidate.state.version);
        expect(asCandidate.state.online).toContain(asCandidate.participant.id);
        expect(toInterviewer).toEqual([
          { event: "room:presence", participantId: asCandidate.participant.id },
          { event: "room:patch", version: asCandidate.state.version },
        ]);
      } finally {
        interviewer.close();
        candidate.close();
        await embedded?.close();
      }
    });
  }
});
