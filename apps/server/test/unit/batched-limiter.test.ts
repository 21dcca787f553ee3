import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { afterEach, describe, expect, it, vi } from "vitest";
import { BatchedLimiter, batchFor } from "../../src/transport/batched-limiter.ts";

describe("a shared count taken in batches", () => {
  afterEach(() => vi.useRealTimers());

  it("counts small allowances one by one and large ones in batches of at most 20", () => {
    expect([5, 60, 199, 200, 1_200, 3_000, 1_000_000_000].map(batchFor)).toEqual([1, 1, 1, 2, 12, 20, 20]);
  });

  it("sends the shared count one call per batch, and refuses a key here once the shared count is spent", async () => {
    const shared = new RateLimiterMemory({ points: 25, duration: 60 });
    const calls: number[] = [];
    const consume = shared.consume.bind(shared);
    shared.consume = (key: string | number, points?: number) => {
      calls.push(points ?? 1);
      return consume(key, points);
    };
    const limiter = new BatchedLimiter(shared, { batch: 10, windowMs: 60_000, onError: (error) => expect.fail(String(error)) });
    for (let i = 0; i < 30; i++) await limiter.consume("room-writer");
    await vi.waitFor(() => expect(calls).toEqual([10, 10, 10]));
    // The third batch passed 25: from now on the key is refused here, without asking the shared count.
    await expect(limiter.consume("room-writer")).rejects.toBeInstanceOf(RateLimiterRes);
    expect(calls).toHaveLength(3);
    // Another key has its own allowance.
    await expect(limiter.consume("someone-else")).resolves.toBeUndefined();
    limiter.close();
  });

  it("sends no partial batch on a timer, and starts a key's count afresh once what it holds is a window old", async () => {
    vi.useFakeTimers();
    const shared = new RateLimiterMemory({ points: 100, duration: 60 });
    const sent: number[] = [];
    const consume = shared.consume.bind(shared);
    shared.consume = (key: string | number, points?: number) => {
      sent.push(points ?? 1);
      return consume(key, points);
    };
    let now = 0;
    const limiter = new BatchedLimiter(shared, { batch: 10, windowMs: 60_000, onError: () => undefined, now: () => now });
    for (let i = 0; i < 9; i++) await limiter.consume("slow");
    // A slow key's few events cost no Redis call, however long it waits (the sweep only forgets).
    await vi.advanceTimersByTimeAsync(59_000);
    now = 59_000;
    expect(sent).toEqual([]);
    // Still in the window: the tenth event completes the batch.
    await limiter.consume("slow");
    await vi.waitFor(() => expect(sent).toEqual([10]));
    for (let i = 0; i < 9; i++) await limiter.consume("slow");
    // A window later those nine have left the window: they are dropped, not added to the next batch.
    now = 59_000 + 60_000;
    for (let i = 0; i < 9; i++) await limiter.consume("slow");
    expect(sent).toEqual([10]);
    await limiter.consume("slow");
    await vi.waitFor(() => expect(sent).toEqual([10, 10]));
    limiter.close();
  });
});
