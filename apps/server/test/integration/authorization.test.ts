import { ErrorCode, clientEvents, emptyScorecardContent, type Ack, type ClientEventName, type Role } from "@mockloop/protocol";
import type { RoomClient } from "@mockloop/protocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectClient, createRoom, scorecardSubmission, startRedis, startTestServer, uniquePrefix, type TestRedis } from "@mockloop/test-support";
import type { RunningServer } from "../../src/index.ts";

/**
 * The authorization matrix, table-driven: every client event × every role × a socket that never joined × one
 * whose join was refused × a participant of another room; every HTTP route × every kind of credential. A new
 * event must get a row here, or this test fails.
 */

type Seat = Role | "host" | "member";
interface Row {
  /** Who may send it; "public" needs no room at all. */
  allowed: "public" | readonly Seat[];
  /** Group commands are tried in a study group; everything else in a pair room. */
  room: "pair" | "group";
  payload: (ids: { memberId: string }) => unknown;
}

const everyone: Seat[] = ["interviewer", "candidate", "observer"];
const matrix: Record<ClientEventName, Row> = {
  "room:join": { allowed: "public", room: "pair", payload: () => ({}) },
  "room:leave": { allowed: everyone, room: "pair", payload: () => ({}) },
  "room:sync": { allowed: everyone, room: "pair", payload: () => ({}) },
  "questions:list": { allowed: ["interviewer"], room: "pair", payload: () => ({}) },
  "question:push": { allowed: ["interviewer"], room: "pair", payload: () => ({ questionId: "tech-tcp-vs-udp" }) },
  "round:swap": { allowed: ["interviewer", "candidate"], room: "pair", payload: () => ({}) },
  "group:plan": { allowed: ["host"], room: "group", payload: () => ({ rounds: 3 }) },
  "group:next": { allowed: ["host"], room: "group", payload: () => ({}) },
  "group:extra-turn": { allowed: ["host"], room: "group", payload: ({ memberId }) => ({ participantId: memberId }) },
  "group:host": { allowed: ["host"], room: "group", payload: ({ memberId }) => ({ participantId: memberId }) },
  "group:abandon-round": { allowed: ["host"], room: "group", payload: () => ({}) },
  "group:interviewer": { allowed: ["host"], room: "group", payload: ({ memberId }) => ({ participantId: memberId }) },
  "timer:start": { allowed: ["interviewer"], room: "pair", payload: () => ({}) },
  "timer:pause": { allowed: ["interviewer"], room: "pair", payload: () => ({}) },
  "timer:adjust": { allowed: ["interviewer"], room: "pair", payload: () => ({ deltaMs: 60_000 }) },
  "timer:skip": { allowed: ["interviewer"], room: "pair", payload: () => ({}) },
  "timer:reset": { allowed: ["interviewer"], room: "pair", payload: () => ({}) },
  "timer:auto-advance": { allowed: ["interviewer"], room: "pair", payload: () => ({ enabled: false }) },
  "scorecard:draft:get": { allowed: ["interviewer"], room: "pair", payload: () => ({}) },
  "scorecard:draft:save": { allowed: ["interviewer"], room: "pair", payload: () => ({ content: emptyScorecardContent(), baseVersion: 0 }) },
  "scorecard:submit": { allowed: ["interviewer"], room: "pair", payload: () => scorecardSubmission({ recommendation: "inclined" }) },
  "observer-notes:get": { allowed: ["observer"], room: "pair", payload: () => ({}) },
  "observer-notes:save": { allowed: ["observer"], room: "pair", payload: () => ({ notes: "noted", baseVersion: 0 }) },
  "observer-notes:share": { allowed: ["observer"], room: "pair", payload: () => ({ requestId: "share-request-1" }) },
  "clock:sync": { allowed: "public", room: "pair", payload: () => ({ clientSentAt: Date.now() }) },
  "queue:join": { allowed: "public", room: "pair", payload: () => ({ trackId: "amazon-tpm", stageId: "phone-interview", preferredRole: "either", name: "Q" }) },
  "queue:leave": { allowed: "public", room: "pair", payload: () => ({}) },
  "board:get": { allowed: everyone, room: "pair", payload: () => ({}) },
  "board:update": {
    allowed: ["interviewer", "candidate"],
    room: "pair",
    payload: () => ({ round: 1, elements: [{ id: "box-1", type: "rectangle", version: 1, versionNonce: 7, isDeleted: false, index: "a0", x: 0, y: 0 }] }),
  },
  "board:pointer": { allowed: everyone, room: "pair", payload: () => ({ x: 1, y: 2, button: "up" }) },
  "board:observers": { allowed: ["host"], room: "group", payload: () => ({ mayDraw: true }) },
  "call:ice-servers": { allowed: everyone, room: "pair", payload: () => ({}) },
  "call:announce": { allowed: everyone, room: "pair", payload: () => ({ session: "session-0001", media: { audio: true, video: true, screen: false, audioOnly: false }, greet: true }) },
  "call:leave": { allowed: everyone, room: "pair", payload: () => ({ session: "session-0001" }) },
  "call:signal": {
    allowed: everyone,
    room: "pair",
    payload: ({ memberId }) => ({ to: memberId, toSession: "session-0002", fromSession: "session-0001", signal: { kind: "candidate", candidate: null } }),
  },
};

/** Sends an event whatever its type, as a hostile client could. */
function send(client: RoomClient, event: ClientEventName, payload: unknown): Promise<Ack<unknown>> {
  return (client.request as (event: string, payload: unknown) => Promise<Ack<unknown>>)(event, payload);
}
const codeOf = (ack: Ack<unknown>) => (ack.ok ? "OK" : ack.error.code);

describe("the authorization matrix", () => {
  let redis: TestRedis;
  let server: RunningServer;
  const clients: RoomClient[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    // This file opens many rooms from one address: it tests who may do what, not how often.
    server = await startTestServer({ redisUrl: redis.url, keyPrefix: uniquePrefix("authz"), env: { RATE_LIMIT_ROOMS_PER_ADDRESS: "100000" } });
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await server.close();
    await redis.stop();
  });
  const connect = async () => {
    const client = await connectClient(server.url);
    clients.push(client);
    return client;
  };

  /** A fresh pair room with its three seats, or a study group of three whose host is the first member. */
  const seats = async (room: "pair" | "group") => {
    if (room === "pair") {
      const roomId = await createRoom(server.url);
      const seated: Partial<Record<Seat, RoomClient>> = {};
      let memberId = "";
      for (const role of everyone) {
        const client = await connect();
        const joined = await client.join({ roomId, name: `A ${role}`, role: role as Role });
        seated[role] = client;
        memberId = joined.participant.id;
      }
      return { roomId, seated, memberId };
    }
    const response = await fetch(`${server.url}/api/rooms`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ trackId: "amazon-tpm", stageId: "drill", kind: "group" }),
    });
    const { roomId } = (await response.json()) as { roomId: string };
    const host = await connect();
    await host.join({ roomId, name: "Host", role: "observer" });
    const member = await connect();
    const asMember = await member.join({ roomId, name: "Member", role: "observer" });
    await (await connect()).join({ roomId, name: "Third", role: "observer" });
    return { roomId, seated: { host, member } as Partial<Record<Seat, RoomClient>>, memberId: asMember.participant.id };
  };

  it("has a row for every client event", () => {
    expect(Object.keys(matrix).sort()).toEqual(Object.keys(clientEvents).sort());
  });

  it.each(Object.entries(matrix).filter(([, row]) => row.allowed !== "public") as [ClientEventName, Row][])(
    "%s: refused to a socket that never joined, to one whose join was refused, and to every seat not allowed; allowed ones pass the check",
    async (event, row) => {
      const { roomId, seated, memberId } = await seats(row.room);
      const payload = row.payload({ memberId });
      const before = await server.app.rooms.getRoom(roomId);

      const neverJoined = await connect();
      expect(codeOf(await send(neverJoined, event, payload))).toBe(ErrorCode.NotJoined);
      const refused = await connect();
      expect(codeOf(await send(refused, "room:join", { roomId, token: "f".repeat(43) }))).toBe(ErrorCode.InvalidToken);
      expect(codeOf(await send(refused, event, payload))).toBe(ErrorCode.NotJoined);

      const allowed = row.allowed as readonly Seat[];
      const refusedSeats = Object.entries(seated).filter(([seat]) => !allowed.includes(seat as Seat));
      for (const [seat, client] of refusedSeats) expect([seat, codeOf(await send(client!, event, payload))]).toEqual([seat, ErrorCode.Forbidden]);
      // Nothing a refused sender did changed the room.
      expect(await server.app.rooms.getRoom(roomId)).toEqual(before);

      for (const [seat, client] of Object.entries(seated).filter(([seat]) => allowed.includes(seat as Seat))) {
        const code = codeOf(await send(client!, event, payload));
        expect([seat, code]).not.toEqual([seat, ErrorCode.Forbidden]);
        expect([seat, code]).not.toEqual([seat, ErrorCode.NotJoined]);
      }
    },
  );

  it("gives a participant of another room no way into this one", async () => {
    const target = await seats("pair");
    const before = await server.app.rooms.getRoom(target.roomId);
    const elsewhere = await seats("pair");
    // Every event, sent by the other room's interviewer, acts on their own room only: this one does not change.
    for (const [event, row] of Object.entries(matrix) as [ClientEventName, Row][]) {
      if (event === "room:join" || event === "room:leave") continue;
      await send(elsewhere.seated.interviewer!, event, row.payload({ memberId: target.memberId }));
    }
    expect(await server.app.rooms.getRoom(target.roomId)).toEqual(before);
    // Nor does their token open this room.
    const stranger = await connect();
    const tokenElsewhere = (await (await connect()).join({ roomId: elsewhere.roomId, name: "Other", role: "observer" })).token;
    expect(codeOf(await send(stranger, "room:join", { roomId: target.roomId, token: tokenElsewhere }))).toBe(ErrorCode.InvalidToken);
  });

  it("answers every HTTP route as each kind of credential allows", async () => {
    const roomId = await createRoom(server.url);
    const [ann, ben, ola] = [await connect(), await connect(), await connect()];
    const asAnn = await ann.join({ roomId, name: "Ann", role: "interviewer" });
    await ben.join({ roomId, name: "Ben", role: "candidate" });
    const asOla = await ola.join({ roomId, name: "Ola", role: "observer" });
    await ann.pushQuestion("lp-most-complex-program");
    await ola.leave();
    await ann.submitScorecard(scorecardSubmission({ recommendation: "inclined" }));
    const latecomer = await (await connect()).join({ roomId, name: "Late", role: "observer" });
    const otherRoom = await createRoom(server.url);
    const elsewhere = await (await connect()).join({ roomId: otherRoom, name: "Else", role: "observer" });

    const credentials: Record<string, string | undefined> = {
      none: undefined,
      malformed: "Bearer not a token",
      "unknown token": `Bearer ${"u".repeat(43)}`,
      "another room's token": `Bearer ${elsewhere.token}`,
      "the round's interviewer": `Bearer ${asAnn.token}`,
      "someone who left during the round": `Bearer ${asOla.token}`,
      "someone who came after its scorecard": `Bearer ${latecomer.token}`,
    };
    const routes = ["", "/scorecards", "/scorecards/1", "/debrief", "/debrief?format=markdown", "/scorecards/1?format=markdown"];
    const expected: Record<string, (route: string) => number> = {
      none: (route) => (route === "" ? 200 : 401),
      malformed: (route) => (route === "" ? 200 : 401),
      "unknown token": (route) => (route === "" ? 200 : 401),
      "another room's token": (route) => (route === "" ? 200 : 401),
      "the round's interviewer": () => 200,
      "someone who left during the round": () => 200,
      "someone who came after its scorecard": (route) => (route.startsWith("/scorecards/1") ? 404 : 200),
    };
    const cells: [string, string, number][] = [];
    for (const [name, header] of Object.entries(credentials)) {
      for (const route of routes) {
        const response = await fetch(`${server.url}/api/rooms/${roomId}${route}`, header ? { headers: { authorization: header } } : {});
        cells.push([name, route, response.status]);
        if (route === "/debrief" && response.status === 200 && name === "someone who came after its scorecard") {
          expect(((await response.json()) as { rounds: unknown[] }).rounds).toEqual([]);
        }
      }
    }
    expect(cells).toEqual(cells.map(([name, route]) => [name, route, expected[name]!(route)]));
  });
});
