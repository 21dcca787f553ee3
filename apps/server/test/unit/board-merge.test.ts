import { ErrorCode, type BoardElement } from "@mockloop/protocol";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkElements } from "../../src/features/board/board-rules.ts";
import { incomingWins, mergeInto, newestPerElement, planMerge, sceneOrder, type SceneTotals } from "../../src/features/board/merge-rules.ts";
import { MemoryBoardStore } from "../../src/store/memory/board-store.ts";

function element(id: string, version: number, versionNonce: number, extra: Partial<BoardElement> = {}): BoardElement {
  return { id, type: "rectangle", version, versionNonce, isDeleted: false, index: "a0", x: 0, y: 0, width: 100, height: 50, ...extra };
}

const limits = { maxElements: 1_000, maxElementBytes: 2_000, maxSceneBytes: 100_000 };
const empty: SceneTotals = { elements: 0, bytes: 0, live: 0 };

describe("the merge rule (Excalidraw's reconciliation)", () => {
  it("takes the higher version, whatever the nonces", () => {
    expect(incomingWins(element("a", 3, 1), element("a", 4, 999))).toBe(true);
    expect(incomingWins(element("a", 4, 999), element("a", 3, 1))).toBe(false);
    expect(incomingWins(undefined, element("a", 1, 5))).toBe(true);
  });

  it("breaks a tie of versions by the lower nonce, and keeps what it has for the same edit", () => {
    expect(incomingWins(element("a", 2, 50), element("a", 2, 10))).toBe(true);
    expect(incomingWins(element("a", 2, 10), element("a", 2, 50))).toBe(false);
    expect(incomingWins(element("a", 2, 10), element("a", 2, 10))).toBe(false);
  });

  it("names a resend of the stored copy as held, writing nothing for it, and a losing copy as neither", () => {
    const scene = new Map([["a", element("a", 2, 10)], ["b", element("b", 3, 5)]]);
    const stored = (id: string) => {
      const current = scene.get(id);
      return current && { element: current, bytes: JSON.stringify(current).length };
    };
    const plan = planMerge(stored, { elements: 2, bytes: 0, live: 2 }, [element("a", 2, 10), element("b", 2, 1), element("c", 1, 1)], { maxElements: 10, maxSceneBytes: 10_000 });
    expect(plan).toMatchObject({ ok: true, held: [element("a", 2, 10)], winners: [{ element: element("c", 1, 1) }] });
  });

  it("makes two people editing one element converge on the same copy, in either order", () => {
    const base = element("box", 1, 7);
    const moved = element("box", 2, 300, { x: 40 });
    const resized = element("box", 2, 120, { width: 400 });
    const nodeA = new Map([[base.id, base]]);
    const nodeB = new Map([[base.id, base]]);
    mergeInto(nodeA, [moved]);
    mergeInto(nodeA, [resized]);
    mergeInto(nodeB, [resized]);
    mergeInto(nodeB, [moved]);
    expect(nodeA.get("box")).toEqual(resized);
    expect(nodeB.get("box")).toEqual(resized);
  });

  it("keeps a deleted element deleted when an older copy arrives late", () => {
    const scene = new Map<string, BoardElement>();
    mergeInto(scene, [element("cache", 1, 1)]);
    mergeInto(scene, [element("cache", 3, 4, { isDeleted: true })]);
    expect(mergeInto(scene, [element("cache", 2, 9, { x: 10 })])).toEqual([]);
    expect(mergeInto(scene, [element("cache", 1, 1)])).toEqual([]);
    expect(scene.get("cache")?.isDeleted).toBe(true);
  });

  it("reduces an update to one copy per element, the winner", () => {
    const batch = [element("a", 1, 5), element("a", 3, 8), element("b", 1, 1), element("a", 3, 2)];
    expect(newestPerElement(batch)).toEqual([element("a", 3, 2), element("b", 1, 1)]);
  });

  it("orders a scene by fractional index, then id, without an index last", () => {
    const scene = [element("z", 1, 1, { index: "a1" }), element("y", 1, 1, { index: null }), element("x", 1, 1, { index: "a0V" }), element("w", 1, 1, { index: "a1" })];
    expect(sceneOrder(scene).map((item) => item.id)).toEqual(["x", "w", "z", "y"]);
  });
});

describe("the board's bounds", () => {
  it("refuses a change that takes the scene past its most elements, storing nothing of it", () => {
    const twoExisting = new Map([
      ["a", element("a", 1, 1)],
      ["b", element("b", 1, 1)],
    ]);
    const stored = (id: string) => {
      const copy = twoExisting.get(id);
      return copy ? { element: copy, bytes: JSON.stringify(copy).length } : undefined;
    };
    const totals = { elements: 2, bytes: 0, live: 2 };
    const bounds = { maxElements: 3, maxSceneBytes: 1_000_000 };
    expect(planMerge(stored, totals, [element("c", 1, 1), element("d", 1, 1)], bounds)).toEqual({ ok: false, bound: "elements" });
    expect(planMerge(stored, totals, [element("c", 1, 1)], bounds)).toMatchObject({ ok: true, totals: { elements: 3, live: 3 } });
    // Changing (or deleting) elements already there never counts as more.
    expect(planMerge(stored, { ...totals, elements: 5 }, [element("a", 2, 1, { isDeleted: true })], bounds)).toMatchObject({
      ok: true,
      totals: { elements: 5, live: 1 },
    });
  });

  it("refuses a change that takes the scene past its most bytes", () => {
    const big = element("a", 1, 1, { text: "x".repeat(600) });
    const bounds = { maxElements: 100, maxSceneBytes: 1_000 };
    expect(planMerge(() => undefined, empty, [big], bounds)).toMatchObject({ ok: true });
    expect(planMerge(() => undefined, empty, [big, { ...big, id: "b" }], bounds)).toEqual({ ok: false, bound: "bytes" });
  });

  it("counts bytes as UTF-8, the way Redis measures the stored JSON", () => {
    const plan = planMerge(() => undefined, empty, [element("t", 1, 1, { text: "✓✓" })], { maxElements: 10, maxSceneBytes: 10_000 });
    if (!plan.ok) throw new Error("expected to fit");
    expect(plan.totals.bytes).toBe(Buffer.byteLength(JSON.stringify(element("t", 1, 1, { text: "✓✓" }))));
  });

  it("refuses an element larger than an element may be, and images, each with its typed error", () => {
    expect(() => checkElements([element("a", 1, 1, { text: "x".repeat(3_000) })], limits)).toThrow(expect.objectContaining({ code: ErrorCode.ElementTooLarge }));
    expect(() => checkElements([element("a", 1, 1, { type: "image", fileId: "f" })], limits)).toThrow(expect.objectContaining({ code: ErrorCode.ElementNotAllowed }));
    expect(() => checkElements([element("a", 1, 1, { type: "embeddable", link: "https://example.com" })], limits)).toThrow(
      expect.objectContaining({ code: ErrorCode.ElementNotAllowed }),
    );
    expect(() => checkElements([element("a", 1, 1), element("b", 1, 1, { type: "arrow" }), element("c", 1, 1, { type: "text" })], limits)).not.toThrow();
  });
});

// ---- Property: three clients and the server converge, however updates are delivered ----

const CLIENTS = 3;
const ELEMENT_IDS = ["queue", "cache", "db", "lb"];

type Action =
  | { kind: "edit"; client: number; element: number; bump: number; deleted: boolean; nonceSeed: number; x: number }
  | { kind: "deliver"; receiver: number; pick: number };

const actionArbitrary: fc.Arbitrary<Action> = fc.oneof(
  fc.record({
    kind: fc.constant("edit" as const),
    client: fc.nat(CLIENTS - 1),
    element: fc.nat(ELEMENT_IDS.length - 1),
    bump: fc.integer({ min: 1, max: 3 }),
    deleted: fc.boolean(),
    nonceSeed: fc.nat(1_000_000),
    x: fc.integer({ min: -500, max: 500 }),
  }),
  // Receivers 0–2 are the clients, 3 is the server.
  fc.record({ kind: fc.constant("deliver" as const), receiver: fc.nat(CLIENTS), pick: fc.nat() }),
);

describe("convergence (property)", () => {
  it("three clients and the server end with the same scene, whatever the order of delivery and however many duplicates", async () => {
    const property = fc.asyncProperty(fc.array(actionArbitrary, { minLength: 1, maxLength: 60 }), fc.gen(), async (actions, generate) => {
      const clients = Array.from({ length: CLIENTS }, () => new Map<string, BoardElement>());
      const server = new MemoryBoardStore({ roomTtlMs: 60_000 });
      const bounds = { maxElements: 1_000, maxSceneBytes: 10_000_000 };
      const updates: BoardElement[][] = [];
      const deliver = async (receiver: number, update: BoardElement[]) => {
        if (receiver === CLIENTS) await server.mergeElements("room", 1, newestPerElement(update), bounds);
        else mergeInto(clients[receiver] as Map<string, BoardElement>, update);
      };

      for (const action of actions) {
        if (action.kind === "edit") {
          const local = clients[action.client] as Map<string, BoardElement>;
          const id = ELEMENT_IDS[action.element] as string;
          // A client edits its own latest copy, as Excalidraw does: the version goes up, the nonce is new.
          const version = (local.get(id)?.version ?? 0) + action.bump;
          const nonce = action.nonceSeed * 1_000 + updates.length;
          const edit = element(id, version, nonce, { isDeleted: action.deleted, x: action.x, by: action.client });
          mergeInto(local, [edit]);
          updates.push([edit]);
        } else if (updates.length > 0) {
          await deliver(action.receiver, updates[action.pick % updates.length] as BoardElement[]);
        }
      }
      if (updates.length === 0) return;
      // Then everything reaches everyone at least once, in a random order with random repeats.
      for (let receiver = 0; receiver <= CLIENTS; receiver++) {
        const repeats = generate(fc.array, fc.nat(updates.length - 1), { maxLength: 20 });
        const all = [...updates.keys(), ...repeats];
        const order = generate(fc.shuffledSubarray, all, { minLength: all.length });
        for (const index of order) await deliver(receiver, updates[index] as BoardElement[]);
      }

      const stored = sceneOrder(await server.readBoard("room", 1));
      for (const scene of clients) expect(sceneOrder([...scene.values()])).toEqual(stored);
      // Every element ends as the copy with the highest version (the lowest nonce on a tie) anyone made.
      for (const id of new Set(updates.flat().map((edit) => edit.id))) {
        const best = updates.flat().filter((edit) => edit.id === id).reduce((a, b) => (incomingWins(a, b) ? b : a));
        expect(stored.find((edit) => edit.id === id)).toEqual(best);
      }
    });
    await fc.assert(property, { numRuns: 300 });
  });
});
