import { describe, expect, it } from "vitest";
import { ackSchema, clientEvents, joinPayloadSchema, participantSnapshotSchema, roomPatchSchema, serverEvents } from "../src/index.ts";

describe("protocol schemas", () => {
  it("has a payload and result schema for every client event, and a schema for every server event", () => {
    for (const [name, definition] of Object.entries(clientEvents)) {
      expect(definition.payload, name).toBeDefined();
      expect(definition.result, name).toBeDefined();
    }
    expect(Object.keys(serverEvents).sort()).toEqual([
      "board:changed",
      "board:pointer",
      "board:settings",
      "call:left",
      "call:peer",
      "call:signal",
      "observer-notes:draft",
      "queue:expired",
      "queue:matched",
      "queue:status",
      "room:activity",
      "room:patch",
      "room:presence",
      "room:snapshot",
      "scorecard:draft",
      "timer:segment-ended",
    ]);
  });

  it("accepts a new join or a token rejoin, nothing in between", () => {
    const roomId = "A".repeat(22);
    expect(joinPayloadSchema.safeParse({ roomId, name: "  Cam  ", role: "candidate" })).toMatchObject({ success: true, data: { name: "Cam" } });
    expect(joinPayloadSchema.safeParse({ roomId, token: "t".repeat(43) }).success).toBe(true);
    expect(joinPayloadSchema.safeParse({ roomId, token: "t".repeat(43), role: "interviewer" }).success).toBe(false);
    expect(joinPayloadSchema.safeParse({ roomId, name: "   ", role: "candidate" }).success).toBe(false);
  });

  it("rejects a participant snapshot or patch that carries interviewer-only fields", () => {
    const base = {
      view: "participant",
      roomId: "A".repeat(22),
      kind: "pair",
      group: null,
      online: [],
      participants: [],
      round: 1,
      askedQuestionIds: [],
      pastRounds: [],
      timer: {
        status: "idle",
        segments: [{ id: "all", name: "All", durationMs: 1 }],
        segmentIndex: 0,
        remainingMs: 1,
        deadline: null,
        autoAdvance: true,
        durationMs: 1,
        version: 0,
      },
      scorecard: null,
      observerNotes: [],
      version: 0,
    };
    expect(participantSnapshotSchema.safeParse({ ...base, currentQuestion: { id: "q", prompt: "Why?" } }).success).toBe(true);
    expect(participantSnapshotSchema.safeParse({ ...base, currentQuestion: { id: "q", prompt: "Why?", followUps: ["a", "b"] } }).success).toBe(false);
    expect(participantSnapshotSchema.safeParse({ ...base, currentQuestion: null, suggestedQuestionId: "q" }).success).toBe(false);
    const patch = { view: "participant", roomId: base.roomId, version: 3 };
    expect(roomPatchSchema.safeParse({ ...patch, changes: { currentQuestion: { id: "q", prompt: "Why?" } } }).success).toBe(true);
    expect(roomPatchSchema.safeParse({ ...patch, changes: { currentQuestion: { id: "q", prompt: "Why?", guidance: "x" } } }).success).toBe(false);
    expect(roomPatchSchema.safeParse({ ...patch, changes: { rubric: { competencies: [], principles: [] } } }).success).toBe(false);
  });

  it("shapes every ack as success with data or a typed error", () => {
    const ack = ackSchema(clientEvents["clock:sync"].result);
    expect(ack.safeParse({ ok: true, data: { clientSentAt: 1, serverTime: 2 } }).success).toBe(true);
    expect(ack.safeParse({ ok: false, error: { code: "FORBIDDEN", message: "no" } }).success).toBe(true);
    expect(ack.safeParse({ ok: false, error: { code: "WHATEVER", message: "no" } }).success).toBe(false);
  });
});
