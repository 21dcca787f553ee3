import { describe, expect, it } from "vitest";
import { OffsetClock } from "../../src/core/clock.ts";

/** A store whose clock runs `offset` ms ahead of the local one and answers after `delays` (ms, one per reading, in turn). */
function fakeStore(offset: number, delays: number[]) {
  const clock = { local: 1_000_000.25 };
  let reads = 0;
  let failing = false;
  const read = async () => {
    if (failing) throw new Error("unreachable");
    const delay = delays[reads++ % delays.length] ?? 0;
    // Lopsided, as networks are: most of the delay on the way there. The store cuts its time to whole milliseconds.
    clock.local += delay * 0.9;
    const storeTime = Math.floor(clock.local + offset);
    clock.local += delay * 0.1;
    return storeTime;
  };
  return { clock, read, reads: () => reads, fail: (value: boolean) => (failing = value) };
}

describe("OffsetClock", () => {
  it("tells the store's time from the local clock, never behind it and ahead by at most the shortest round trip", async () => {
    const store = fakeStore(5_000.6, [40, 2, 30]);
    const clock = new OffsetClock(store.read, { local: () => store.clock.local });
    const first = await clock.now();
    expect(store.reads()).toBe(3);
    const truth = () => store.clock.local + 5_000.6;
    expect(first).toBeGreaterThanOrEqual(Math.floor(truth()));
    expect(first).toBeLessThanOrEqual(truth() + 2 + 1);
    store.clock.local += 1_234;
    const later = await clock.now();
    expect(store.reads()).toBe(3);
    expect(later).toBeGreaterThanOrEqual(Math.floor(truth()));
    expect(later).toBeLessThanOrEqual(truth() + 2 + 1);
    expect(Number.isInteger(later)).toBe(true);
  });

  it("measures again once the offset is older than refreshMs, answering from the last one meanwhile", async () => {
    const store = fakeStore(-300, [1]);
    const clock = new OffsetClock(store.read, { local: () => store.clock.local, refreshMs: 1_000, samples: 1 });
    await clock.now();
    store.clock.local += 999;
    await clock.now();
    expect(store.reads()).toBe(1);
    store.clock.local += 2;
    const answered = await clock.now();
    expect(answered - (store.clock.local - 300)).toBeGreaterThanOrEqual(-1);
    expect(answered - (store.clock.local - 300)).toBeLessThanOrEqual(2);
    await clock.now();
    expect(store.reads()).toBe(2);
  });

  it("keeps the last offset while the store cannot be reached, and fails when it never had one", async () => {
    const store = fakeStore(42, [1]);
    store.fail(true);
    const clock = new OffsetClock(store.read, { local: () => store.clock.local, refreshMs: 100, samples: 1 });
    await expect(clock.now()).rejects.toThrow("unreachable");
    store.fail(false);
    await clock.now();
    store.fail(true);
    store.clock.local += 10_000;
    const answered = await clock.now();
    expect(answered - (store.clock.local + 42)).toBeGreaterThanOrEqual(-1);
    expect(answered - (store.clock.local + 42)).toBeLessThanOrEqual(2);
  });
});
