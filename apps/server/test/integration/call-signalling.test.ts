import { createHmac } from "node:crypto";
import { CALL_LIMITS, ErrorCode, errorResponseSchema, type CallSignalPayload } from "@mockloop/protocol";
import type { RoomClient } from "@mockloop/protocol/client";
import { connectClient, createRoom, nextEvent, sendRaw, startTestServer, waitFor } from "@mockloop/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../src/index.ts";

const SECRET = "a-test-secret-shared-with-coturn";
const media = { audio: true, video: true, screen: false, audioOnly: false };
const offer = (sdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n") => ({ kind: "description" as const, description: { type: "offer" as const, sdp } });
const candidate = (line = "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host") => ({
  kind: "candidate" as const,
  candidate: { candidate: line, sdpMid: "0", sdpMLineIndex: 0 },
});


describe("call signalling on one node", () => {
  let server: RunningServer;
  let roomId: string;
  let otherRoomId: string;
  const clients: RoomClient[] = [];
  const connect = async () => {
    const client = await connectClient(server.url);
    clients.push(client);
    return client;
  };
  let interviewer: RoomClient;
  let candidateClient: RoomClient;
  let interviewerId: string;
  let candidateId: string;

  beforeAll(async () => {
    server = await startTestServer({
      env: {
        STUN_URLS: "stun:127.0.0.1:3478",
        TURN_URLS: "turn:127.0.0.1:3478?transport=udp",
        TURN_SECRET: SECRET,
        TURN_TTL_SECONDS: "600",
        // The shared "live" class, 600 events per connection per window here, so a flood meets it quickly.
        RATE_LIMIT_LIVE: "600,6000,60000",
      },
    });
    roomId = await createRoom(server.url);
    otherRoomId = await createRoom(server.url);
    interviewer = await connect();
    candidateClient = await connect();
    interviewerId = (await interviewer.join({ roomId, name: "Iris", role: "interviewer" })).participant.id;
    candidateId = (await candidateClient.join({ roomId, name: "Cam", role: "candidate" })).participant.id;
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await server.close();
  });

  const signalTo = (to: string, signal: CallSignalPayload["signal"] = offer()): CallSignalPayload => ({
    to,
    toSession: "session-to-1",
    fromSession: "session-from-1",
    signal,
  });

  it("gives a joined participant STUN and TURN servers with a TURN REST credential of their own", async () => {
    const before = Date.now();
    const config = await candidateClient.call("call:ice-servers", {});
    expect(config.iceTransportPolicy).toBe("all");
    expect(config.iceServers[0]).toEqual({ urls: ["stun:127.0.0.1:3478"] });
    const turn = config.iceServers[1];
    const [expiry, who] = (turn?.username ?? "").split(":");
    expect(who).toBe(candidateId);
    expect(Number(expiry) * 1000).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 600_000);
    expect(Number(expiry) * 1000).toBeLessThanOrEqual(Date.now() + 600_000);
    expect(config.expiresAt).toBe(Number(expiry) * 1000);
    expect(turn?.credential).toBe(createHmac("sha1", SECRET).update(turn?.username ?? "").digest("base64"));
  });

  it("gives no ICE servers, and so no TURN credential, to a connection that has not joined", async () => {
    const stranger = await connect();
    expect(await stranger.request("call:ice-servers", {})).toMatchObject({ ok: false, error: { code: ErrorCode.NotJoined } });
  });

  it("relays an offer to the target participant only, named by the server as from the sender", async () => {
    const observer = await connect();
    await observer.join({ roomId, name: "Otto", role: "observer" });
    const strayEvents: unknown[] = [];
    observer.on("call:signal", (event) => strayEvents.push(event));
    const received = nextEvent(candidateClient, "call:signal");
    await interviewer.call("call:signal", signalTo(candidateId));
    expect(await received).toEqual({ from: interviewerId, fromSession: "session-from-1", toSession: "session-to-1", signal: offer() });
    const answered = nextEvent(interviewer, "call:signal", (event) => event.signal.kind === "candidate");
    await candidateClient.call("call:signal", signalTo(interviewerId, candidate()));
    expect((await answered).from).toBe(candidateId);
    expect(strayEvents).toEqual([]);
  });

  it("announces who is in the call to the room, a reply to one person, and who left", async () => {
    const peer = nextEvent(candidateClient, "call:peer", (event) => event.greet);
    await interviewer.call("call:announce", { session: "iris-session-1", media, greet: true });
    expect(await peer).toEqual({ from: interviewerId, session: "iris-session-1", media, greet: true });
    const reply = nextEvent(interviewer, "call:peer", (event) => event.from === candidateId);
    await candidateClient.call("call:announce", { session: "cam-session-1", media: { ...media, video: false }, greet: false, to: interviewerId });
    expect(await reply).toMatchObject({ session: "cam-session-1", greet: false, media: { video: false } });
    const left = nextEvent(candidateClient, "call:left");
    await interviewer.call("call:leave", { session: "iris-session-1" });
    expect(await left).toEqual({ from: interviewerId, session: "iris-session-1", dropped: false });
  });

  it("tells the room when a connection in the call closes", async () => {
    const tab = await connect();
    const joined = await tab.join({ roomId, name: "Olga", role: "observer" });
    await tab.call("call:announce", { session: "olga-session-1", media, greet: true });
    const left = nextEvent(interviewer, "call:left", (event) => event.from === joined.participant.id);
    tab.close();
    expect(await left).toEqual({ from: joined.participant.id, session: "olga-session-1", dropped: true });
  });

  it("tells the room when a connection closes while its announcement is on its way", async () => {
    const tab = await connect();
    const joined = await tab.join({ roomId, name: "Oona", role: "observer" });
    const peer = nextEvent(interviewer, "call:peer", (event) => event.from === joined.participant.id);
    const left = nextEvent(interviewer, "call:left", (event) => event.from === joined.participant.id);
    tab.socket.emit("call:announce", { session: "oona-session-1", media, greet: true }, () => undefined);
    tab.close();
    expect(await peer).toMatchObject({ session: "oona-session-1" });
    expect(await left).toEqual({ from: joined.participant.id, session: "oona-session-1", dropped: true });
  });

  it("refuses to relay for a socket that is not in the room, or to someone outside the sender's room", async () => {
    const stranger = await connect();
    expect(await stranger.request("call:signal", signalTo(candidateId))).toMatchObject({ ok: false, error: { code: ErrorCode.NotJoined } });
    expect(await stranger.request("call:announce", { session: "stranger-1", media, greet: true, to: candidateId })).toMatchObject({
      ok: false,
      error: { code: ErrorCode.NotJoined },
    });

    // Someone in another room cannot reach this room's people, nor they someone there.
    const elsewhere = await connect();
    const outsiderId = (await elsewhere.join({ roomId: otherRoomId, name: "Eve", role: "candidate" })).participant.id;
    const stray: unknown[] = [];
    candidateClient.on("call:signal", (event) => stray.push(event));
    elsewhere.on("call:signal", (event) => stray.push(event));
    expect(await elsewhere.request("call:signal", signalTo(candidateId))).toMatchObject({ ok: false, error: { code: ErrorCode.Forbidden } });
    expect(await elsewhere.request("call:announce", { session: "eve-session-1", media, greet: false, to: candidateId })).toMatchObject({
      ok: false,
      error: { code: ErrorCode.Forbidden },
    });
    expect(await interviewer.request("call:signal", signalTo(outsiderId))).toMatchObject({ ok: false, error: { code: ErrorCode.Forbidden } });
    // A round trip on each connection: anything relayed by mistake would have arrived by now.
    await candidateClient.call("clock:sync", { clientSentAt: Date.now() });
    await elsewhere.call("clock:sync", { clientSentAt: Date.now() });
    expect(stray).toEqual([]);
  });

  it("stops relaying to someone once they have left the room", async () => {
    const leaver = await connect();
    const leaverId = (await leaver.join({ roomId, name: "Lee", role: "observer" })).participant.id;
    await leaver.leave();
    expect(await interviewer.request("call:signal", signalTo(leaverId))).toMatchObject({ ok: false, error: { code: ErrorCode.Forbidden } });
    expect(await leaver.request("call:signal", signalTo(interviewerId))).toMatchObject({ ok: false, error: { code: ErrorCode.NotJoined } });
  });

  it.each([
    ["an SDP over the limit", signalTo("placeholder", offer("x".repeat(CALL_LIMITS.sdpChars + 1)))],
    ["a candidate over the limit", signalTo("placeholder", candidate(`candidate:${"1".repeat(CALL_LIMITS.candidateChars)}`))],
    ["an unknown description type", { ...signalTo("placeholder"), signal: { kind: "description", description: { type: "hello", sdp: "" } } }],
    ["extra fields", { ...signalTo("placeholder"), note: "hi" }],
    ["a bad session id", { ...signalTo("placeholder"), toSession: "../x" }],
  ])("refuses %s with BAD_REQUEST and keeps the connection", async (_what, payload) => {
    const ack = errorResponseSchema.parse(await sendRaw(interviewer, "call:signal", { ...payload, to: candidateId }));
    expect(ack.error.code).toBe(ErrorCode.BadRequest);
    expect(interviewer.socket.connected).toBe(true);
  });

  it("passes a real-sized SDP", async () => {
    const received = nextEvent(candidateClient, "call:signal", (event) => event.signal.kind === "description");
    await interviewer.call("call:signal", signalTo(candidateId, offer(`v=0\r\n${"a=candidate:x\r\n".repeat(1500)}`.slice(0, CALL_LIMITS.sdpChars))));
    expect((await received).signal.kind).toBe("description");
  });

  it("rate-limits a flood from one connection with RATE_LIMITED and a wait, leaving others alone", async () => {
    const flooder = await connect();
    await flooder.join({ roomId, name: "Flo", role: "observer" });
    const acks = await Promise.all(Array.from({ length: 700 }, () => flooder.request("call:signal", signalTo(candidateId, candidate()))));
    const limited = acks.filter((ack) => !ack.ok && ack.error.code === ErrorCode.RateLimited);
    expect(acks.filter((ack) => ack.ok).length).toBe(600);
    expect(limited.length).toBe(100);
    const first = limited[0];
    expect(first && !first.ok ? first.error.details?.retryAfterMs : undefined).toBeGreaterThan(0);
    await waitFor(() => flooder.socket.connected, "the flooder to stay connected");
    expect(await candidateClient.request("call:signal", signalTo(interviewerId, candidate()))).toMatchObject({ ok: true });
  });
});
