import type { JoinResult } from "@mockloop/protocol";
import { RoomClient } from "@mockloop/protocol/client";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server, type Socket } from "socket.io";
import { describe, expect, it } from "vitest";
import { createRoom, waitFor } from "@mockloop/test-support";
import { useEmbeddedServer } from "@mockloop/test-support/vitest";

/**
 * A command whose answer is lost with the connection (it dropped, or the node died, while the command was out)
 * may or may not have been applied. The typed client sends it again, with the same request id, once the rejoin
 * has answered; the server applies a command once per id. Here the connection is closed right after the
 * command has gone out, so the server applies it and its answer has nowhere to go.
 */
/** How a bare server answers an event. */
type Answer = (ack: unknown) => void;

/** A bare Socket.IO server on loopback that plays the server's part as a test scripts it, and its address. */
async function startBareServer(onConnection: (socket: Socket) => void): Promise<{ url: string; close: () => Promise<void> }> {
  const http = createServer();
  const io = new Server(http);
  io.on("connection", onConnection);
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, close: () => io.close() };
}

describe("a command whose answer was lost with the connection", () => {
  const embedded = useEmbeddedServer();

  it("is sent again with the same request id and applied once", async () => {
    const roomId = await createRoom(embedded.server().url);
    const interviewer = await embedded.connect();
    const candidate = await embedded.connect();
    await interviewer.join({ roomId, name: "Iris", role: "interviewer" });
    await candidate.join({ roomId, name: "Cam", role: "candidate" });
    const firstSegment = () => candidate.getState()?.timer.segments[0]?.durationMs ?? 0;
    const lengthBefore = firstSegment();
    const versionBefore = candidate.getState()?.version ?? 0;
    const candidateVersions: number[] = [];
    candidate.on("room:patch", (patch) => candidateVersions.push(patch.version));

    const sent: unknown[] = [];
    interviewer.socket.onAnyOutgoing((event: string, payload: unknown) => {
      if (event === "timer:adjust") sent.push(payload);
    });
    let reconnects = 0;
    interviewer.socket.io.on("reconnect", () => (reconnects += 1));
    // Close the connection the moment the command's packet is written: the server gets it, the answer is lost.
    const engine = interviewer.socket.io.engine;
    engine.once("packetCreate", () => queueMicrotask(() => engine.close()));

    const ack = await interviewer.request("timer:adjust", { deltaMs: 60_000 });
    expect(ack).toMatchObject({ ok: true });
    expect(reconnects).toBe(1);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(sent[0]);
    expect(sent[0]).toMatchObject({ deltaMs: 60_000, requestId: expect.any(String) });

    // Once: the candidate heard one change, and both see the segment a minute longer, not two.
    await waitFor(() => interviewer.getState()?.timer.segments[0]?.durationMs === lengthBefore + 60_000, "the interviewer's room to show the adjustment");
    const room = await candidate.call("room:sync", {});
    expect(room.version).toBe(versionBefore + 1);
    expect(room.timer.segments[0]?.durationMs).toBe(lengthBefore + 60_000);
    expect(candidateVersions).toEqual([versionBefore + 1]);
    expect(firstSegment()).toBe(lengthBefore + 60_000);
  });

  it("is answered NO_ANSWER when the connection is not back within the wait, and not sent again", async () => {
    const roomId = await createRoom(embedded.server().url);
    // A short wait for answers and rejoins, so the test does not sit out the usual ten seconds.
    const interviewer = new RoomClient(embedded.server().url, { ackTimeoutMs: 500 });
    try {
      await waitFor(() => interviewer.socket.connected, "the client to connect");
      await interviewer.join({ roomId, name: "Iris", role: "interviewer" });
      const sent: string[] = [];
      interviewer.socket.onAnyOutgoing((event: string) => sent.push(event));
      // No reconnecting: the rejoin never answers.
      interviewer.socket.io.reconnection(false);
      const engine = interviewer.socket.io.engine;
      engine.once("packetCreate", () => queueMicrotask(() => engine.close()));
      const ack = await interviewer.request("timer:start", {});
      expect(ack).toMatchObject({ ok: false, error: { code: "NO_ANSWER" } });
      expect(sent).toEqual(["timer:start"]);
    } finally {
      interviewer.close();
    }
  });

  it("answered without a change the second time, makes the client read the room: the first copy may have landed after the rejoin read it", async () => {
    // A real join's answer, for a bare Socket.IO server that plays the rest: it drops the connection when the
    // command first comes, answers the rejoin with the room as it was, the second copy with no change (applied
    // already), and a read of the room with the change in it.
    const roomId = await createRoom(embedded.server().url);
    const real = await embedded.connect();
    const joined: JoinResult = await real.join({ roomId, name: "Iris", role: "interviewer" });
    const lengthBefore = joined.state.timer.segments[0]?.durationMs ?? 0;
    const changed = structuredClone(joined.state);
    changed.version += 1;
    const [firstSegment] = changed.timer.segments;
    if (firstSegment) firstSegment.durationMs += 60_000;

    let adjustments = 0;
    const bare = await startBareServer((socket) => {
      socket.on("room:join", (_payload: unknown, answer: Answer) => answer({ ok: true, data: joined }));
      socket.on("timer:adjust", (_payload: unknown, answer: Answer) => {
        adjustments += 1;
        if (adjustments === 1) socket.disconnect(true);
        else answer({ ok: true, data: {} });
      });
      socket.on("room:sync", (_payload: unknown, answer: Answer) => answer({ ok: true, data: changed }));
    });
    const client = new RoomClient(bare.url, { socket: { reconnectionDelay: 50 } });
    try {
      await client.join({ roomId, name: "Iris", role: "interviewer" });
      const sent: string[] = [];
      client.socket.onAnyOutgoing((event: string) => sent.push(event));
      const ack = await client.request("timer:adjust", { deltaMs: 60_000 });
      expect(ack).toMatchObject({ ok: true, data: {} });
      await waitFor(() => client.getState()?.version === changed.version, "the client to read the room");
      expect(client.getState()?.timer.segments[0]?.durationMs).toBe(lengthBefore + 60_000);
      expect(sent).toEqual(["timer:adjust", "room:join", "timer:adjust", "room:sync"]);
    } finally {
      client.close();
      await bare.close();
    }
  });

  it("carries no request id to a server from before, which refuses one, and is not sent again", async () => {
    // A rolling upgrade: a page of this version on a node of the version before, whose join answer does not say it
    // applies commands once, and whose payload schemas refuse a field they do not know.
    const roomId = await createRoom(embedded.server().url);
    const real = await embedded.connect();
    const { appliesCommandsOnce, ...olderAnswer } = await real.join({ roomId, name: "Iris", role: "interviewer" });
    expect(appliesCommandsOnce).toBe(true);

    const payloads: unknown[] = [];
    const bare = await startBareServer((socket) => {
      socket.on("room:join", (_payload: unknown, answer: Answer) => answer({ ok: true, data: olderAnswer }));
      socket.on("timer:adjust", (payload: unknown) => {
        payloads.push(payload);
        socket.disconnect(true);
      });
    });
    const client = new RoomClient(bare.url, { socket: { reconnectionDelay: 50 } });
    try {
      await client.join({ roomId, name: "Iris", role: "interviewer" });
      const ack = await client.request("timer:adjust", { deltaMs: 60_000 });
      expect(ack).toMatchObject({ ok: false, error: { code: "NO_ANSWER" } });
      expect(payloads).toEqual([{ deltaMs: 60_000 }]);
    } finally {
      client.close();
      await bare.close();
    }
  });

  it("answered STORE_UNAVAILABLE, is sent once more with the same id after the wait the server asks for; to a server from before, not at all", async () => {
    const roomId = await createRoom(embedded.server().url);
    const real = await embedded.connect();
    const joinAnswer = await real.join({ roomId, name: "Iris", role: "interviewer" });
    const { appliesCommandsOnce: _, ...olderAnswer } = joinAnswer;
    // A bare Socket.IO server whose store stays unreachable: every adjustment is answered STORE_UNAVAILABLE.
    const unavailable = { ok: false, error: { code: "STORE_UNAVAILABLE", message: "the store cannot be reached right now", details: { retryAfterMs: 200 } } };
    const payloads: { payload: unknown; at: number }[] = [];
    let answerAsOlder = false;
    const bare = await startBareServer((socket) => {
      socket.on("room:join", (_payload: unknown, answer: Answer) => answer({ ok: true, data: answerAsOlder ? olderAnswer : joinAnswer }));
      socket.on("timer:adjust", (payload: unknown, answer: Answer) => {
        payloads.push({ payload, at: Date.now() });
        answer(unavailable);
      });
    });
    const client = new RoomClient(bare.url);
    const older = new RoomClient(bare.url);
    try {
      await client.join({ roomId, name: "Iris", role: "interviewer" });
      const ack = await client.request("timer:adjust", { deltaMs: 60_000 });
      expect(ack).toMatchObject({ ok: false, error: { code: "STORE_UNAVAILABLE" } });
      const [first, second] = payloads;
      expect(payloads).toHaveLength(2);
      expect(second?.payload).toEqual(first?.payload);
      expect(first?.payload).toMatchObject({ deltaMs: 60_000, requestId: expect.any(String) });
      expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(190);

      answerAsOlder = true;
      payloads.length = 0;
      await older.join({ roomId, name: "Iris", role: "interviewer" });
      expect(await older.request("timer:adjust", { deltaMs: 60_000 })).toMatchObject({ ok: false, error: { code: "STORE_UNAVAILABLE" } });
      expect(payloads.map(({ payload }) => payload)).toEqual([{ deltaMs: 60_000 }]);
    } finally {
      client.close();
      older.close();
      await bare.close();
    }
  });
});

describe("a first join whose answer was lost", () => {
  const embedded = useEmbeddedServer();
  const unavailable = { ok: false, error: { code: "STORE_UNAVAILABLE", message: "the store cannot be reached right now", details: { retryAfterMs: 100 } } };

  it("carries a token of the client's choosing, sent again with it after STORE_UNAVAILABLE, and again when the person asks for the same seat", async () => {
    const roomId = await createRoom(embedded.server().url);
    const answer = await (await embedded.connect()).join({ roomId, name: "Iris", role: "interviewer" });
    // A bare server whose store is out of reach until the test says it is back.
    const payloads: { token?: string; name?: string; role?: string }[] = [];
    let storeBack = false;
    const bare = await startBareServer((socket) => {
      socket.on("room:join", (payload: { token?: string }, reply: Answer) => {
        payloads.push(payload);
        reply(storeBack ? { ok: true, data: { ...answer, token: payload.token } } : unavailable);
      });
    });
    const client = new RoomClient(bare.url);
    try {
      const cora = { roomId, name: "Cora", role: "candidate" as const };
      await expect(client.join(cora)).rejects.toMatchObject({ code: "STORE_UNAVAILABLE" });
      await expect(client.join({ ...cora, role: "observer" })).rejects.toMatchObject({ code: "STORE_UNAVAILABLE" });
      storeBack = true;
      const joined = await client.join(cora);
      const tokens = payloads.map((payload) => payload.token);
      // Cora's join and its one resend, Cora as an observer and its resend, then Cora's seat asked for again.
      expect(payloads.map((payload) => payload.role)).toEqual(["candidate", "candidate", "observer", "observer", "candidate"]);
      expect(tokens[0]).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(tokens).toEqual([tokens[0], tokens[0], tokens[2], tokens[2], tokens[0]]);
      expect(tokens[2]).not.toBe(tokens[0]);
      expect(joined.token).toBe(tokens[0]);
      // Answered, the token is the seat's; a later first join gets one of its own.
      await client.join(cora);
      expect(payloads.at(-1)?.token).not.toBe(tokens[0]);
    } finally {
      client.close();
      await bare.close();
    }
  });

  it("goes without the token to a server from before, which refuses one", async () => {
    const roomId = await createRoom(embedded.server().url);
    const answer = await (await embedded.connect()).join({ roomId, name: "Iris", role: "interviewer" });
    const payloads: object[] = [];
    const bare = await startBareServer((socket) => {
      socket.on("room:join", (payload: object, reply: Answer) => {
        payloads.push(payload);
        reply("token" in payload ? { ok: false, error: { code: "BAD_REQUEST", message: 'unrecognized key: "token"' } } : { ok: true, data: answer });
      });
    });
    const client = new RoomClient(bare.url);
    try {
      expect(await client.join({ roomId, name: "Iris", role: "interviewer" })).toMatchObject({ token: answer.token });
      expect(payloads).toEqual([{ roomId, name: "Iris", role: "interviewer", token: expect.any(String) }, { roomId, name: "Iris", role: "interviewer" }]);
      // A join this version's schema refuses too is not sent twice.
      await expect(client.join({ roomId, name: "", role: "interviewer" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
      expect(payloads).toHaveLength(3);
    } finally {
      client.close();
      await bare.close();
    }
  });
});

describe("a partner request waiting in line when the connection drops", () => {
  it("is asked again from the new connection, naming the ticket it replaces; to a server from before, without it", async () => {
    const payloads: { replaces?: string }[] = [];
    let connections = 0;
    const bare = await startBareServer((socket) => {
      const connection = ++connections;
      socket.on("queue:join", (payload: { replaces?: string }, reply: Answer) => {
        payloads.push(payload);
        // The second connection's node is one from before: it refuses the field it does not know.
        if (connection > 1 && payload.replaces !== undefined) return reply({ ok: false, error: { code: "BAD_REQUEST", message: 'unrecognized key: "replaces"' } });
        reply({ ok: true, data: { state: "waiting", status: { ticketId: `ticket-${connection}-${payloads.length}`, position: 1, waiting: 1 } } });
      });
    });
    const client = new RoomClient(bare.url, { socket: { reconnectionDelay: 50 } });
    const again: unknown[] = [];
    client.onPartnerRequestAgain((ack) => again.push(ack));
    try {
      const request = { trackId: "amazon-tpm", stageId: "phone-interview", preferredRole: "candidate" as const, name: "Ann" };
      expect(await client.joinQueue(request)).toMatchObject({ state: "waiting", status: { ticketId: "ticket-1-1" } });
      const statusAgain = new Promise((resolve) => client.on("queue:status", resolve));
      client.socket.io.engine.close();
      expect(await statusAgain).toMatchObject({ ticketId: "ticket-2-3" });
      expect(payloads).toEqual([request, { ...request, replaces: "ticket-1-1" }, request]);
      expect(again).toEqual([{ ok: true, data: { state: "waiting", status: { ticketId: "ticket-2-3", position: 1, waiting: 1 } } }]);
    } finally {
      client.close();
      await bare.close();
    }
  });
});
