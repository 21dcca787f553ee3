import type { BoardElement } from "@mockloop/protocol";
import calculateSlot from "cluster-key-slot";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { uniquePrefix } from "@mockloop/test-support";
import { manualClock, useContractRedis, type Timed } from "@mockloop/test-support/vitest";
import { mergeInto, sameEdit, sceneOrder } from "../../src/features/board/merge-rules.ts";
import type { BoardStore } from "../../src/features/board/port.ts";
import { MemoryBoardStore } from "../../src/store/memory/board-store.ts";
import { RedisBoardStore } from "../../src/store/redis/board-store.ts";
import { roomKeys } from "../../src/store/redis/keys.ts";

const redis = useContractRedis();

const factories: { name: string; make(options: { roomTtlMs: number }): Timed<BoardStore> }[] = [
  {
    name: "memory",
    make: ({ roomTtlMs }) => {
      const clock = manualClock();
      return Object.assign(new MemoryBoardStore({ roomTtlMs, now: clock.now }), { passTime: clock.passTime });
    },
  },
  {
    name: "redis",
    make: ({ roomTtlMs }) => {
      const client = redis.client();
      const store = new RedisBoardStore(client, { keyPrefix: uniquePrefix("board"), roomTtlMs });
      return Object.assign(store, { passTime: (ms: number) => redis.passTime(client, ms) });
    },
  },
];

let counter = 0;
const newRoomId = () => `board-room-${++counter}-${Math.random().toString(36).slice(2, 10)}`;
function element(id: string, version: number, versionNonce: number, extra: Partial<BoardElement> = {}): BoardElement {
  return { id, type: "rectangle", version, versionNonce, isDeleted: false, index: `a${id}`, x: 1.5, y: -2, label: "ünïcode ✓", ...extra };
}
const roomy = { maxElements: 1_000, maxSceneBytes: 1_000_000 };
const day = 24 * 60 * 60 * 1000;
const byId = (elements: readonly BoardElement[]) => sceneOrder(elements);

describe.each(factories)("BoardStore contract: $name", (factory) => {
  it("stores elements and reads them back exactly, each round's board apart", async () => {
    const store = factory.make({ roomTtlMs: day });
    const roomId = newRoomId();
    const first = [element("a", 1, 10), element("b", 1, 20, { points: [[0, 0], [10.25, 3]] })];
    expect(await store.mergeElements(roomId, 1, first, roomy)).toEqual({ ok: true, stored: first, held: [] });
    expect(byId(await store.readBoard(roomId, 1))).toEqual(first);
    expect(await store.readBoard(roomId, 2)).toEqual([]);
    await store.mergeElements(roomId, 2, [element("c", 1, 1)], roomy);
    expect(byId(await store.readBoard(roomId, 1))).toEqual(first);
    expect(await store.readBoard(newRoomId(), 1)).toEqual([]);
  });

  it("keeps the winner of each element by the merge rule, and answers only what changed", async () => {
    const store = factory.make({ roomTtlMs: day });
    const roomId = newRoomId();
    await store.mergeElements(roomId, 1, [element("a", 2, 50), element("b", 2, 50)], roomy);
    const outcome = await store.mergeElements(roomId, 1, [element("a", 1, 1), element("b", 2, 10, { x: 99 }), element("c", 1, 5)], roomy);
    expect(outcome).toEqual({ ok: true, stored: [element("b", 2, 10, { x: 99 }), element("c", 1, 5)], held: [] });
    // The same edit again changes nothing and is answered as held (a resend); the losing copy of a tie, as neither.
    expect(await store.mergeElements(roomId, 1, [element("b", 2, 10, { x: 99 }), element("a", 2, 70)], roomy)).toEqual({
      ok: true,
      stored: [],
      held: [element("b", 2, 10, { x: 99 })],
    });
    expect(byId(await store.readBoard(roomId, 1))).toEqual([element("a", 2, 50), element("b", 2, 10, { x: 99 }), element("c", 1, 5)]);
  });

  it("keeps a deleted element deleted, and counts only elements not deleted as drawn", async () => {
    const store = factory.make({ roomTtlMs: day });
    const roomId = newRoomId();
    await store.mergeElements(roomId, 1, [element("a", 1, 1), element("b", 1, 1)], roomy);
    await store.mergeElements(roomId, 1, [element("a", 2, 1, { isDeleted: true })], roomy);
    await store.mergeElements(roomId, 1, [element("a", 1, 1)], roomy);
    expect((await store.readBoard(roomId, 1)).find((stored) => stored.id === "a")?.isDeleted).toBe(true);
    expect(await store.liveElementCounts(roomId, [1, 2])).toEqual(new Map([[1, 1]]));
    await store.mergeElements(roomId, 1, [element("b", 2, 1, { isDeleted: true })], roomy);
    expect(await store.liveElementCounts(roomId, [1, 2])).toEqual(new Map());
  });

  it("refuses a change past the most elements and stores nothing of it; changes to elements already there still go", async () => {
    const store = factory.make({ roomTtlMs: day });
    const roomId = newRoomId();
    const bounds = { maxElements: 3, maxSceneBytes: 1_000_000 };
    await store.mergeElements(roomId, 1, [element("a", 1, 1), element("b", 1, 1)], bounds);
    expect(await store.mergeElements(roomId, 1, [element("a", 2, 1, { x: 5 }), element("c", 1, 1), element("d", 1, 1)], bounds)).toEqual({
      ok: false,
      bound: "elements",
    });
    expect(byId(await store.readBoard(roomId, 1))).toEqual([element("a", 1, 1), element("b", 1, 1)]);
    expect(await store.mergeElements(roomId, 1, [element("c", 1, 1)], bounds)).toMatchObject({ ok: true });
    expect(await store.mergeElements(roomId, 1, [element("a", 2, 1, { isDeleted: true })], bounds)).toMatchObject({ ok: true });
    expect(await store.mergeElements(roomId, 1, [element("d", 1, 1)], bounds)).toEqual({ ok: false, bound: "elements" });
  });

  it("refuses a change past the most bytes and stores nothing of it", async () => {
    const store = factory.make({ roomTtlMs: day });
    const roomId = newRoomId();
    const bounds = { maxElements: 100, maxSceneBytes: 2_000 };
    const text = (id: string, version: number, length: number) => element(id, version, 1, { type: "text", text: "é".repeat(length) });
    await store.mergeElements(roomId, 1, [text("a", 1, 300)], bounds);
    // "é" is two bytes in UTF-8: 1,400 more would cross 2,000 bytes, as both stores measure it.
    expect(await store.mergeElements(roomId, 1, [text("b", 1, 700)], bounds)).toEqual({ ok: false, bound: "bytes" });
    expect(await store.mergeElements(roomId, 1, [text("a", 2, 1_000)], bounds)).toEqual({ ok: false, bound: "bytes" });
    expect(byId(await store.readBoard(roomId, 1))).toEqual([text("a", 1, 300)]);
    // Shrinking an element frees its bytes for another.
    await store.mergeElements(roomId, 1, [text("a", 2, 10)], bounds);
    expect(await store.mergeElements(roomId, 1, [text("b", 1, 700)], bounds)).toMatchObject({ ok: true });
  });

  it("holds the observers' switch per room, off until set", async () => {
    const store = factory.make({ roomTtlMs: day });
    const roomId = newRoomId();
    expect(await store.observersMayDraw(roomId)).toBe(false);
    await store.setObserversMayDraw(roomId, true);
    expect(await store.observersMayDraw(roomId)).toBe(true);
    expect(await store.observersMayDraw(newRoomId())).toBe(false);
    await store.setObserversMayDraw(roomId, false);
    expect(await store.observersMayDraw(roomId)).toBe(false);
  });

  it("forgets a room's boards after the retention, and a write keeps earlier rounds' boards as long as the latest", async () => {
    const store = factory.make({ roomTtlMs: 300 });
    const roomId = newRoomId();
    await store.mergeElements(roomId, 1, [element("a", 1, 1)], roomy);
    await store.setObserversMayDraw(roomId, true);
    await store.passTime(200);
    await store.mergeElements(roomId, 2, [element("b", 1, 1)], roomy);
    await store.passTime(200);
    expect(await store.readBoard(roomId, 1)).toHaveLength(1);
    expect(await store.observersMayDraw(roomId)).toBe(true);
    await store.passTime(200);
    expect(await store.readBoard(roomId, 1)).toEqual([]);
    expect(await store.readBoard(roomId, 2)).toEqual([]);
    expect(await store.liveElementCounts(roomId, [1, 2])).toEqual(new Map());
  });

  it("merges random updates exactly as the rule does (property)", async () => {
    const store = factory.make({ roomTtlMs: day });
    const edit = fc.record({
      id: fc.constantFrom("p", "q", "r"),
      version: fc.integer({ min: 1, max: 4 }),
      versionNonce: fc.integer({ min: 0, max: 3 }),
      isDeleted: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uniqueArray(edit, { selector: (item) => item.id, minLength: 1 }), { minLength: 1, maxLength: 8 }), async (batches) => {
        const roomId = newRoomId();
        const model = new Map<string, BoardElement>();
        for (const batch of batches) {
          // Equal version and nonce is the same edit: derive the content from them.
          const elements = batch.map((item) => element(item.id, item.version, item.versionNonce, { isDeleted: item.isDeleted, x: item.version * 10 + item.versionNonce }));
          const held = elements.filter((edit) => sameEdit(model.get(edit.id), edit));
          const expected = mergeInto(model, elements);
          expect(await store.mergeElements(roomId, 1, elements, roomy)).toEqual({ ok: true, stored: expected, held });
        }
        expect(byId(await store.readBoard(roomId, 1))).toEqual(sceneOrder([...model.values()]));
      }),
      { numRuns: 40 },
    );
  });
});

describe("RedisBoardStore keys", () => {
  it("puts every board key of a room under the room's own prefix, on the room's cluster slot", async () => {
    const client = redis.client();
    const keyPrefix = uniquePrefix("board-keys");
    const store = new RedisBoardStore(client, { keyPrefix, roomTtlMs: day });
    const roomId = newRoomId();
    await store.mergeElements(roomId, 1, [element("a", 1, 1)], roomy);
    await store.mergeElements(roomId, 2, [element("a", 1, 1)], roomy);
    await store.setObserversMayDraw(roomId, true);
    const { base, room } = roomKeys(keyPrefix, roomId);
    const keys = await client.keys(`${keyPrefix}*`);
    expect(keys.sort()).toEqual([`${base}board`, `${base}board:1`, `${base}board:2`]);
    for (const key of keys) {
      expect(calculateSlot(key), key).toBe(calculateSlot(room));
      expect(await client.pttl(key)).toBeGreaterThan(day - 60_000);
    }
  });
});
