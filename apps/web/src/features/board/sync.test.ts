import { describe, expect, it } from "vitest";
import { UnconfirmedEdits, changedElements, oversized, updateBatches } from "./sync.ts";

const element = (id: string, version: number, isDeleted = false, extra: Record<string, unknown> = {}) => ({ id, version, isDeleted, ...extra });
const never = () => false;

describe("what a client sends of its board", () => {
  it("sends elements past the version last sent or received, and new ones", () => {
    const known = new Map([
      ["a", 3],
      ["b", 2],
    ]);
    const scene = [element("a", 3), element("b", 4), element("c", 1)];
    expect(changedElements(scene, known, never).map((item) => item.id)).toEqual(["b", "c"]);
  });

  it("sends a deletion of an element others have, never of one only this screen saw", () => {
    const known = new Map([["shared", 1]]);
    const scene = [element("shared", 2, true), element("scratch", 3, true)];
    expect(changedElements(scene, known, never).map((item) => item.id)).toEqual(["shared"]);
  });

  it("holds back an element still being drawn too small to see", () => {
    const scene = [element("dot", 1), element("box", 1)];
    expect(changedElements(scene, new Map(), (item) => item.id === "dot").map((item) => item.id)).toEqual(["box"]);
  });

  it("splits updates so each fits in a socket message, keeping their order", () => {
    const big = Array.from({ length: 5 }, (_, index) => element(`e${index}`, 1, false, { text: "x".repeat(400) }));
    const batches = updateBatches(big, 1_000, 100);
    expect(batches.map((batch) => batch.length)).toEqual([2, 2, 1]);
    expect(batches.flat()).toEqual(big);
    expect(updateBatches([element("a", 1), element("b", 1), element("c", 1)], 10_000, 2).map((batch) => batch.length)).toEqual([2, 1]);
    expect(updateBatches([])).toEqual([]);
  });

  it("finds elements larger than the server takes", () => {
    expect(oversized([element("small", 1), element("huge", 1, false, { text: "é".repeat(600) })], 1_000).map((item) => item.id)).toEqual(["huge"]);
  });

  it("sends an unanswered edit again until an answer comes, but not once this screen holds a newer copy", () => {
    const edits = new UnconfirmedEdits();
    edits.sent([element("a", 2), element("b", 1), element("c", 5)]);
    // No answer yet: each is due again while the screen still shows it as sent.
    expect(edits.due([element("a", 2), element("b", 1), element("c", 5)]).map((item) => item.id)).toEqual(["a", "b", "c"]);
    // "a" was answered; "b" changed since (sent as a change instead); "c" is gone from the scene.
    edits.answered([element("a", 2)]);
    expect(edits.due([element("a", 2), element("b", 2)])).toEqual([]);
    expect(edits.size).toBe(0);
  });

  it("keeps an edit unconfirmed when the answer is for an older copy of it", () => {
    const edits = new UnconfirmedEdits();
    edits.sent([element("a", 1)]);
    edits.sent([element("a", 2)]);
    edits.answered([element("a", 1)]);
    expect(edits.due([element("a", 2)]).map((item) => item.version)).toEqual([2]);
  });
});

