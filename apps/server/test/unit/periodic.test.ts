import { afterEach, describe, expect, it, vi } from "vitest";
import { periodic } from "../../src/core/periodic.ts";

/** Work that finishes only when the test says so, counting the runs asked for. */
function slowWork() {
  const finishers: (() => void)[] = [];
  const work = () => new Promise<void>((resolve) => finishers.push(resolve));
  return { work, finishers };
}

// A node shutting down stops its repeated store work (presence upkeep, the queue's sweep) and then closes its
// store: a run still going would meet the closed store and log a failure on every clean shutdown.
describe("periodic store work", () => {
  afterEach(() => vi.useRealTimers());

  it("is waited for when it stops", async () => {
    const { work, finishers } = slowWork();
    const errors: unknown[] = [];
    const task = periodic(work, { everyMs: 60_000, runAtStart: true, onError: (error) => errors.push(error) });
    task.start();
    expect(finishers).toHaveLength(1);
    let stopped = false;
    const stopping = task.stop().then(() => (stopped = true));
    // Turns of the event loop, for a stop that did not wait to resolve.
    for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    finishers[0]?.();
    await stopping;
    expect(errors).toEqual([]);
  });

  it("never runs twice at once, and runs again once the last run is done", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const { work, finishers } = slowWork();
    const task = periodic(work, { everyMs: 1_000, runAtStart: false, onError: () => undefined });
    task.start();
    expect(finishers).toHaveLength(0);
    // Five beats with the first run unfinished: none of them starts another.
    vi.advanceTimersByTime(5_000);
    expect(finishers).toHaveLength(1);
    finishers[0]?.();
    await Promise.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    vi.advanceTimersByTime(1_000);
    expect(finishers).toHaveLength(2);
    finishers[1]?.();
    await task.stop();
  });

  it("reports a failed run and keeps going", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const errors: unknown[] = [];
    let runs = 0;
    const task = periodic(
      async () => {
        runs += 1;
        throw new Error(`run ${runs} failed`);
      },
      { everyMs: 1_000, runAtStart: true, onError: (error) => errors.push(error) },
    );
    task.start();
    await new Promise((resolve) => setImmediate(resolve));
    vi.advanceTimersByTime(1_000);
    await new Promise((resolve) => setImmediate(resolve));
    await task.stop();
    expect(runs).toBe(2);
    expect(errors.map((error) => (error as Error).message)).toEqual(["run 1 failed", "run 2 failed"]);
  });
});
