import { describe, expect, it } from "vitest";
import {
  ackSchema,
  clientEvents,
  displayNameSchema,
  emptyScorecardContent,
  errorBodySchema,
  joinPayloadSchema,
  participantSnapshotSchema,
  roomPatchSchema,
  scorecardContentSchema,
  serverEvents,
} from "../src/index.ts";

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

  it("refuses display names with control, invisible or direction characters, and keeps every script", () => {
    for (const hidden of ["\u0007", "\u0085", "\u200B", "\u200E", "\u202E", "\u2066", "\u2028", "\u2029", "\uFEFF", "\uD800", "\u00AD"]) {
      expect(displayNameSchema.safeParse(`Bo${hidden}b`).success, JSON.stringify(hidden)).toBe(false);
    }
    for (const name of ["Zoë", "李小龙", "Ñandú O'Brien", "محمد", "Ана-Мария", "Jo 🙂"]) expect(displayNameSchema.parse(` ${name}\n`)).toBe(name);
  });

  it("keeps emoji built with joiners and tags, and refuses those characters anywhere else", () => {
    // A technologist, a family, a rainbow flag, the flag of Scotland, an astronaut with a skin tone.
    for (const name of ["Ana 👩‍💻", "Sam 👨‍👩‍👧", "Kai 🏳️‍🌈", "Iona 🏴󠁧󠁢󠁳󠁣󠁴󠁿", "Ren 🧑🏽‍🚀"]) {
      expect(displayNameSchema.safeParse(name).success, name).toBe(true);
    }
    // A joiner between letters or at an emoji's end hides nothing visible but is invisible all the same; tags
    // without their flag, or a flag whose tags never end, are as hidden as any.
    for (const name of ["Bo\u200Db", "Jo 🙂\u200D", "\u200D🙂 Jo", "Io\u{E0067}\u{E0062}\u{E007F}", "Io 🏴\u{E0067}\u{E0062}"]) {
      expect(displayNameSchema.safeParse(name).success, JSON.stringify(name)).toBe(false);
    }
  });

  it.each(["__proto__", "constructor", "prototype"])("refuses the record key %j instead of dropping or storing it", (key) => {
    const rating = `{ "rating": "inclined", "evidence": "" }`;
    const competencies = JSON.parse(`{ ${JSON.stringify(key)}: ${rating}, "communication": ${rating} }`) as unknown;
    const parsed = scorecardContentSchema.safeParse({ ...emptyScorecardContent(), competencies });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(["competencies", key]);
    const details = JSON.parse(`{ ${JSON.stringify(key)}: 1 }`) as unknown;
    expect(errorBodySchema.safeParse({ code: "INTERNAL", message: "x", details }).success).toBe(false);
    expect(scorecardContentSchema.safeParse({ ...emptyScorecardContent(), competencies: JSON.parse(`{ "communication": ${rating} }`) }).success).toBe(true);
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
