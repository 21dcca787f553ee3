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
    const limiter = new BatchedLimiter(shared, { batch: 10, flushMs: 60_000, onError: (error) => expect.fail(String(error)) });
    for (let i = 0; i < 30; i++) await limiter.consume("room-writer");
    await vi.waitFor(() => expect(calls).toEqual([10, 10, 10]));
    // The third batch passed 25: from now on the key is refused here, without asking the shared count.
    await expect(limiter.consume("room-writer")).rejects.toBeInstanceOf(RateLimiterRes);
    expect(calls).toHaveLength(3);
    // Another key has its own allowance.
    await expect(limiter.consume("someone-else")).resolves.toBeUndefined();
    limiter.close();
  });

  it("sends what is left of a batch after a while, so a slow key is counted too", async () => {
    vi.useFakeTimers();
    const shared = new RateLimiterMemory({ points: 100, duration: 60 });
    const limiter = new BatchedLimiter(shared, { batch: 10, flushMs: 1_000, onError: () => undefined });
    for (let i = 0; i < 3; i++) await limiter.consume("slow");
    expect((await shared.get("slow"))?.consumedPoints ?? 0).toBe(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect((await shared.get("slow"))?.consumedPoints).toBe(3);
    limiter.close();
  });
});
