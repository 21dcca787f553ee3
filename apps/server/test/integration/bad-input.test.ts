import { ErrorCode, emptyScorecardContent, errorResponseSchema, type ClientEventName, type ScorecardContent } from "@mockloop/protocol";
import type { RoomClient } from "@mockloop/protocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../src/index.ts";
import { connectClient, createRoom, scorecardSubmission, sendRaw, startTestServer } from "@mockloop/test-support";

describe("bad input gets a typed error and changes nothing", () => {
  let server: RunningServer;
  let roomId: string;
  let interviewer: RoomClient;
  let candidate: RoomClient;
  let outsider: RoomClient;

  beforeAll(async () => {
    server = await startTestServer();
    roomId = await createRoom(server.url);
    interviewer = await connectClient(server.url);
    candidate = await connectClient(server.url);
    outsider = await connectClient(server.url);
    await interviewer.join({ roomId, name: "Iris", role: "interviewer" });
    await candidate.join({ roomId, name: "Cam", role: "candidate" });
  });
  afterAll(async () => {
    for (const client of [interviewer, candidate, outsider]) client.close();
    await server.close();
  });

  const malformed: [ClientEventName, unknown][] = [
    ["room:join", { roomId: "short", name: "X", role: "candidate" }],
    ["room:join", { roomId: "A".repeat(22), name: "", role: "candidate" }],
    ["room:join", { roomId: "A".repeat(22), name: "X", role: "superuser" }],
    ["room:join", { roomId: "A".repeat(22), name: "X".repeat(61), role: "observer" }],
    ["room:join", { roomId: "A".repeat(22), name: "bell\u0007", role: "observer" }],
    ["room:join", { roomId: "A".repeat(22), token: "not a token" }],
    ["room:join", "just a string"],
    ["room:join", null],
    ["question:push", { questionId: "../../etc/passwd" }],
    ["question:push", { questionId: 42 }],
    ["question:push", {}],
    ["timer:start", { extra: true }],
    ["timer:adjust", { deltaMs: 0 }],
    ["timer:adjust", { deltaMs: 1.5 }],
    ["timer:adjust", { deltaMs: "60000" }],
    ["timer:adjust", { deltaMs: 2 * 24 * 60 * 60_000 }],
    ["timer:adjust", {}],
    ["timer:auto-advance", { enabled: "yes" }],
    ["scorecard:submit", { requestId: "request-1", content: { ...emptyScorecardContent(), recommendation: "inclined", strengths: "x".repeat(4001) } }],
    ["scorecard:submit", { requestId: "request-1", content: { recommendation: "inclined" } }],
    ["scorecard:submit", { content: { ...emptyScorecardContent(), recommendation: "inclined" } }],
    ["scorecard:draft:save", { content: { ...emptyScorecardContent(), nextPractice: "x".repeat(1001) }, baseVersion: 0 }],
    ["scorecard:draft:save", { content: emptyScorecardContent(), baseVersion: -1 }],
    ["scorecard:draft:save", { content: { ...emptyScorecardContent(), html: "<b>" }, baseVersion: 0 }],
    ["clock:sync", { clientSentAt: "yesterday" }],
  ];

  it.each(malformed)("%s with %j → BAD_REQUEST, room unchanged", async (event, payload) => {
    const before = await server.app.rooms.getRoom(roomId);
    const ack = errorResponseSchema.parse(await sendRaw(interviewer, event, payload));
    expect(ack.error.code).toBe(ErrorCode.BadRequest);
    expect(ack.error.message.length).toBeGreaterThan(0);
    expect(await server.app.rooms.getRoom(roomId)).toEqual(before);
  });

  it("refuses interviewer-only commands from the candidate", async () => {
    const before = await server.app.rooms.getRoom(roomId);
    for (const [event, payload] of [
      ["question:push", { questionId: "tech-tcp-vs-udp" }],
      ["timer:start", {}],
      ["timer:pause", {}],
      ["timer:adjust", { deltaMs: 60_000 }],
      ["timer:skip", {}],
      ["timer:reset", {}],
      ["timer:auto-advance", { enabled: false }],
      ["questions:list", {}],
      ["scorecard:submit", scorecardSubmission({ recommendation: "strong-hire", strengths: "I am great" })],
      ["scorecard:draft:get", {}],
      ["scorecard:draft:save", { content: emptyScorecardContent(), baseVersion: 0 }],
      ["observer-notes:save", { notes: "notes", baseVersion: 0 }],
    ] as const) {
      const ack = errorResponseSchema.parse(await sendRaw(candidate, event, payload));
      expect(ack.error.code, event).toBe(ErrorCode.Forbidden);
    }
    expect(await server.app.rooms.getRoom(roomId)).toEqual(before);
  });

  it("refuses commands from a connection that has not joined", async () => {
    const ack = errorResponseSchema.parse(await sendRaw(outsider, "timer:start", {}));
    expect(ack.error.code).toBe(ErrorCode.NotJoined);
  });

  it("answers unknown rooms, questions, recommendations and timer misuse with their own codes", async () => {
    const before = await server.app.rooms.getRoom(roomId);
    expect(await outsider.request("room:join", { roomId: "A".repeat(22), name: "X", role: "observer" })).toMatchObject({
      ok: false,
      error: { code: ErrorCode.RoomNotFound },
    });
    expect(await interviewer.request("question:push", { questionId: "no-such-question" })).toMatchObject({
      ok: false,
      error: { code: ErrorCode.QuestionNotFound },
    });
    expect(await interviewer.request("timer:pause", {})).toMatchObject({ ok: false, error: { code: ErrorCode.TimerConflict } });
    // Longer than the whole 60-minute round, or taking away more than the part has left.
    expect(await interviewer.request("timer:adjust", { deltaMs: 61 * 60_000 })).toMatchObject({ ok: false, error: { code: ErrorCode.BadRequest } });
    expect(await interviewer.request("timer:adjust", { deltaMs: -21 * 60_000 })).toMatchObject({ ok: false, error: { code: ErrorCode.BadRequest } });
    // A recommendation or rating off the scale, an unknown competency or principle, notes on a question not asked.
    const offRubric: (Partial<ScorecardContent> & { recommendation: string })[] = [
      { recommendation: "maybe" },
      { recommendation: "inclined", competencies: { charisma: { rating: "inclined", evidence: "" } } },
      { recommendation: "inclined", competencies: { communication: { rating: "brilliant", evidence: "" } } },
      { recommendation: "inclined", principles: { "be-nice": { rating: "inclined", evidence: "" } } },
      { recommendation: "inclined", questions: [{ questionId: "tech-tcp-vs-udp", notes: "", star: { situation: true, task: true, action: true, result: true } }] },
    ];
    for (const content of offRubric) {
      expect(await interviewer.request("scorecard:submit", scorecardSubmission(content)), JSON.stringify(content)).toMatchObject({
        ok: false,
        error: { code: ErrorCode.BadRequest },
      });
    }
    expect(await interviewer.request("scorecard:draft:save", { content: { ...emptyScorecardContent(), recommendation: "maybe" }, baseVersion: 0 })).toMatchObject({
      ok: false,
      error: { code: ErrorCode.BadRequest },
    });
    expect((await interviewer.call("scorecard:draft:get", {})).version).toBe(0);
    expect(await server.app.rooms.getRoom(roomId)).toEqual(before);
  });

  it("refuses timer commands once the round is over", async () => {
    const otherRoom = await createRoom(server.url, "recruiter-screen");
    const host = await connectClient(server.url);
    try {
      await host.join({ roomId: otherRoom, name: "Iris", role: "interviewer" });
      await host.skipSegment();
      await host.skipSegment();
      const before = await server.app.rooms.getRoom(otherRoom);
      expect(before.timer.status).toBe("finished");
      for (const [event, payload] of [
        ["timer:start", {}],
        ["timer:skip", {}],
        ["timer:adjust", { deltaMs: 60_000 }],
      ] as const) {
        expect(await sendRaw(host, event, payload)).toMatchObject({ ok: false, error: { code: ErrorCode.TimerConflict } });
      }
      expect(await server.app.rooms.getRoom(otherRoom)).toEqual(before);
    } finally {
      host.close();
    }
  });

  it("refuses a second scorecard for the round", async () => {
    const submission = scorecardSubmission({ recommendation: "not-inclined", strengths: "Needs depth." });
    const first = await interviewer.request("scorecard:submit", submission);
    expect(first.ok).toBe(true);
    const after = await server.app.rooms.getRoom(roomId);
    // A retry of the same submit is answered with the same scorecard, and stores nothing new.
    expect(await interviewer.request("scorecard:submit", submission)).toEqual(first);
    expect(await server.app.rooms.getRoom(roomId)).toEqual(after);
    const second = await interviewer.request("scorecard:submit", scorecardSubmission({ recommendation: "strong-hire", strengths: "Changed my mind" }));
    expect(second).toMatchObject({ ok: false, error: { code: ErrorCode.ScorecardAlreadySubmitted } });
    expect(await server.app.rooms.getRoom(roomId)).toEqual(after);
  });

  it("keeps serving after an event with no ack callback", async () => {
    (outsider.socket as unknown as { emit(event: string, payload: unknown): void }).emit("timer:start", {});
    const sync = await outsider.call("clock:sync", { clientSentAt: 1 });
    expect(sync.clientSentAt).toBe(1);
  });
});
