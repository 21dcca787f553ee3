import { ErrorCode, debriefSchema, emptyScorecardContent, roomSummarySchema, type ErrorBody } from "@mockloop/protocol";
import type { RoomClient } from "@mockloop/protocol/client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { connectClient, createRoom, nextState, scorecardSubmission, startRedis, startTestServer, uniquePrefix, type TestRedis } from "@mockloop/test-support";
import type { RunningServer } from "../../src/index.ts";

/** Who may read what, and how far a room may grow: on real Redis, through the wire and HTTP as a user would. */
describe("privacy and bounds", () => {
  let redis: TestRedis;
  let server: RunningServer;
  const clients: RoomClient[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    server = await startTestServer({ redisUrl: redis.url, keyPrefix: uniquePrefix("privacy") });
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(async () => {
    await server.close();
    await redis.stop();
  });

  const connect = async () => {
    const client = await connectClient(server.url);
    clients.push(client);
    return client;
  };
  const read = async (path: string, token?: string) => {
    const response = await fetch(`${server.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    return { status: response.status, body: (await response.json()) as unknown };
  };
  const errorCode = (body: unknown) => (body as { error?: ErrorBody }).error?.code;

  /** A pair that has run round 1 to its scorecard. */
  const roundOne = async () => {
    const roomId = await createRoom(server.url);
    const [ann, ben] = [await connect(), await connect()];
    const asAnn = await ann.join({ roomId, name: "Ann", role: "interviewer" });
    const asBen = await ben.join({ roomId, name: "Ben", role: "candidate" });
    await ann.pushQuestion("lp-most-complex-program");
    await ann.submitScorecard(scorecardSubmission({ recommendation: "inclined", strengths: "Round one feedback" }));
    return { roomId, ann, ben, annToken: asAnn.token, benToken: asBen.token };
  };

  it("keeps a round's feedback from someone who came with the link after it", async () => {
    const { roomId, ben, annToken } = await roundOne();
    // A stranger arrives after round 1's scorecard is in, and again after the swap: neither reads round 1.
    const late = await connect();
    const asLate = await late.join({ roomId, name: "Stranger", role: "observer" });
    expect(asLate.state.scorecard).toBeNull();
    expect(JSON.stringify(asLate.state)).not.toContain("Round one feedback");
    await ben.swapRoles();
    const afterSwap = await connect();
    const asAfterSwap = await afterSwap.join({ roomId, name: "Later", role: "observer" });
    for (const token of [asLate.token, asAfterSwap.token]) {
      const one = await read(`/api/rooms/${roomId}/scorecards/1`, token);
      expect(one.status).toBe(404);
      expect(errorCode(one.body)).toBe(ErrorCode.ScorecardNotSubmitted);
      expect(JSON.stringify((await read(`/api/rooms/${roomId}/scorecards`, token)).body)).not.toContain("Round one feedback");
      const debrief = debriefSchema.parse((await read(`/api/rooms/${roomId}/debrief`, token)).body);
      expect(debrief.rounds.map((round) => round.round)).toEqual([2]);
    }
    // The round's own people still read it.
    expect((await read(`/api/rooms/${roomId}/scorecards/1`, annToken)).status).toBe(200);
  });

  it("lets someone who left keep the rounds they were in, not later ones", async () => {
    const roomId = await createRoom(server.url);
    const [ann, ben, ola] = [await connect(), await connect(), await connect()];
    await ann.join({ roomId, name: "Ann", role: "interviewer" });
    await ben.join({ roomId, name: "Ben", role: "candidate" });
    const asOla = await ola.join({ roomId, name: "Ola", role: "observer" });
    await ann.pushQuestion("lp-most-complex-program");
    await ola.leave(); // during round 1
    await ann.submitScorecard(scorecardSubmission({ recommendation: "inclined", strengths: "Round one feedback" }));
    await ben.swapRoles();
    await ben.pushQuestion("lp-direction-changed");
    await ben.submitScorecard(scorecardSubmission({ recommendation: "strong-hire", strengths: "Round two feedback" }));
    expect((await read(`/api/rooms/${roomId}/scorecards/1`, asOla.token)).status).toBe(200);
    expect((await read(`/api/rooms/${roomId}/scorecards/2`, asOla.token)).status).toBe(404);
    const debrief = debriefSchema.parse((await read(`/api/rooms/${roomId}/debrief`, asOla.token)).body);
    expect(debrief.rounds.map((round) => round.round)).toEqual([1]);
    expect(JSON.stringify(debrief)).not.toContain("Round two feedback");
  });

  it("shows an invitee the stage and the open seats, and no names", async () => {
    const { roomId } = await roundOne();
    const { status, body } = await read(`/api/rooms/${roomId}`);
    expect(status).toBe(200);
    const summary = roomSummarySchema.parse(body);
    expect(summary.openRoles).toEqual(["observer"]);
    expect(JSON.stringify(body)).not.toMatch(/Ann|Ben/);
    expect(body).not.toHaveProperty("participants");
  });

  it("keeps a draft with its author: whoever takes a vacated interviewer seat starts their own", async () => {
    const roomId = await createRoom(server.url);
    const [ann, ben] = [await connect(), await connect()];
    await ann.join({ roomId, name: "Ann", role: "interviewer" });
    await ben.join({ roomId, name: "Ben", role: "candidate" });
    const saved = await ann.saveScorecardDraft({ ...emptyScorecardContent(), strengths: "Ann's private draft" }, 0);
    expect(saved.ok).toBe(true);
    await ann.leave();
    const ivy = await connect();
    await ivy.join({ roomId, name: "Ivy", role: "interviewer" });
    expect(await ivy.getScorecardDraft()).toEqual({ content: emptyScorecardContent(), version: 0, updatedAt: null });
  });

  it("seats two plus six observers in a pair room, and refuses the next with ROOM_FULL", async () => {
    const roomId = await createRoom(server.url);
    for (const role of ["interviewer", "candidate"] as const) await (await connect()).join({ roomId, name: role, role });
    for (let i = 1; i <= 6; i++) await (await connect()).join({ roomId, name: `Observer ${i}`, role: "observer" });
    const extra = await connect();
    expect(await extra.request("room:join", { roomId, name: "Seventh", role: "observer" })).toMatchObject({ ok: false, error: { code: ErrorCode.RoomFull } });
    expect(roomSummarySchema.parse((await read(`/api/rooms/${roomId}`)).body).openRoles).toEqual([]);
  });

  it("holds at most 30 rounds, its record growing by a line per round while the rounds themselves live apart", async () => {
    const roomId = await createRoom(server.url);
    const [a, b] = [await connect(), await connect()];
    const { token } = await a.join({ roomId, name: "Ann", role: "interviewer" });
    await b.join({ roomId, name: "Ben", role: "candidate" });
    const sizeAt = async () => JSON.stringify(await server.app.rooms.getRoom(roomId)).length;
    let sizeAtRoundOne = 0;
    for (let round = 1; round <= 30; round++) {
      const interviewer = round % 2 ? a : b;
      await interviewer.pushQuestion(round % 2 ? "lp-most-complex-program" : "lp-direction-changed");
      await interviewer.submitScorecard(scorecardSubmission({ recommendation: "inclined", strengths: `Round ${round}: ${"detail ".repeat(200)}` }));
      if (round === 1) sizeAtRoundOne = await sizeAt();
      if (round < 30) await interviewer.swapRoles();
    }
    expect(await a.request("round:swap", {})).toMatchObject({ ok: false, error: { code: ErrorCode.RoundLimit } });
    // Finished rounds live apart: the hot record carries only a line per round.
    expect(await sizeAt()).toBeLessThan(sizeAtRoundOne + 30 * 200);
    expect(debriefSchema.parse((await read(`/api/rooms/${roomId}/debrief`, token)).body).rounds).toHaveLength(30);
  });

  it("leaves a socket in its room when a join elsewhere fails", async () => {
    const { ann, ben } = await roundOne();
    expect(await ben.request("room:join", { roomId: "A".repeat(22), name: "Ben", role: "observer" })).toMatchObject({ ok: false, error: { code: ErrorCode.RoomNotFound } });
    // Still in the room: it gets the next change, and may ask for the room.
    const sees = nextState(ben, (state) => state.round === 2);
    await ann.swapRoles();
    expect((await sees).round).toBe(2);
    expect(await ben.request("room:sync", {})).toMatchObject({ ok: true, data: { round: 2 } });
  });
});
