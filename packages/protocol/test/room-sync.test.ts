import { describe, expect, it } from "vitest";
import { applyPatch, applyPresence, stateFromSnapshot, type RoomSnapshot, type StageInfo } from "../src/index.ts";

const stage: StageInfo = { trackId: "t", trackName: "T", stageId: "s", stageName: "S", description: "", segments: [], recommendationScale: [], competencies: [] };
const snapshot: RoomSnapshot = {
  view: "participant",
  roomId: "A".repeat(22),
  kind: "pair",
  version: 4,
  online: ["cand-0001"],
  group: null,
  participants: [
    { id: "cand-0001", name: "Cam", role: "candidate" },
    { id: "intv-0001", name: "Iris", role: "interviewer" },
  ],
  round: 1,
  askedQuestionIds: [],
  pastRounds: [],
  timer: { status: "idle", segments: [{ id: "all", name: "All", durationMs: 1 }], segmentIndex: 0, remainingMs: 1, deadline: null, autoAdvance: true, durationMs: 1, version: 0 },
  scorecard: null,
  observerNotes: [],
  currentQuestion: null,
};

describe("keeping a room in step: snapshot, patches, presence", () => {
  const state = stateFromSnapshot(snapshot, stage);

  it("starts from a snapshot, with presence folded into the participants and the stage added", () => {
    expect(state.stage).toBe(stage);
    expect(state.participants.map((p) => [p.id, p.connected])).toEqual([
      ["cand-0001", true],
      ["intv-0001", false],
    ]);
    expect(state).not.toHaveProperty("online");
  });

  it("applies the next version's changes and keeps every other field", () => {
    const outcome = applyPatch(state, { view: "participant", roomId: state.roomId, version: 5, changes: { askedQuestionIds: ["q1"], currentQuestion: { id: "q1", prompt: "Why?" } } }, new Set(["cand-0001"]));
    expect(outcome.kind).toBe("applied");
    if (outcome.kind !== "applied") return;
    expect(outcome.state).toMatchObject({ version: 5, askedQuestionIds: ["q1"], currentQuestion: { id: "q1" }, round: 1 });
    expect(outcome.state.participants).toEqual(state.participants);
  });

  it("ignores what it has seen, tells a patch ahead of a missing version, and asks for a snapshot when the view changed", () => {
    const patch = (version: number, view: "participant" | "interviewer" = "participant") =>
      ({ view, roomId: state.roomId, version, changes: {} }) as Parameters<typeof applyPatch>[1];
    expect(applyPatch(state, patch(4), new Set()).kind).toBe("stale");
    expect(applyPatch(state, patch(3), new Set()).kind).toBe("stale");
    expect(applyPatch(state, patch(6), new Set()).kind).toBe("ahead");
    expect(applyPatch(state, patch(6, "interviewer"), new Set()).kind).toBe("gap");
    expect(applyPatch(state, patch(5, "interviewer"), new Set()).kind).toBe("gap");
    expect(applyPatch(state, { ...patch(5), roomId: "B".repeat(22) }, new Set()).kind).toBe("stale");
  });

  it("gives participants added by a patch the presence already known, and applies presence changes", () => {
    const outcome = applyPatch(
      state,
      { view: "participant", roomId: state.roomId, version: 5, changes: { participants: [...snapshot.participants, { id: "obs-00001", name: "Ola", role: "observer" }] } },
      new Set(["cand-0001", "obs-00001"]),
    );
    if (outcome.kind !== "applied") throw new Error("expected the patch to apply");
    expect(outcome.state.participants.find((p) => p.id === "obs-00001")?.connected).toBe(true);
    const offline = applyPresence(outcome.state, { roomId: state.roomId, participantId: "cand-0001", online: false });
    expect(offline.participants.find((p) => p.id === "cand-0001")?.connected).toBe(false);
    expect(offline.version).toBe(5);
  });
});
