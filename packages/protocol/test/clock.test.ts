import { describe, expect, it } from "vitest";
import { estimateClockOffset, timeLeftMs, type ClockSample } from "../src/clock.ts";

/** A simulated exchange: the server clock runs `skew` ms ahead; delays are one-way network times. */
function exchange(skew: number, sentAt: number, upMs: number, downMs: number): ClockSample {
  return { clientSentAt: sentAt, serverTime: sentAt + upMs + skew, clientReceivedAt: sentAt + upMs + downMs };
}

describe("clock offset estimation", () => {
  it("recovers the skew exactly with symmetric delays", () => {
    const estimate = estimateClockOffset([exchange(1_234, 0, 20, 20)]);
    expect(estimate).toEqual({ offsetMs: 1_234, errorMs: 20, roundTripMs: 40 });
  });

  it("keeps the fastest round trip, so a queued sample does not skew the estimate", () => {
    const samples = [exchange(-500, 0, 300, 10), exchange(-500, 1_000, 6, 4), exchange(-500, 2_000, 40, 200)];
    const estimate = estimateClockOffset(samples);
    expect(estimate.roundTripMs).toBe(10);
    expect(Math.abs(estimate.offsetMs - -500)).toBeLessThanOrEqual(estimate.errorMs);
  });

  it("stays within its error bound under asymmetric delays", () => {
    for (const [up, down] of [
      [1, 99],
      [99, 1],
      [50, 0],
    ] as const) {
      const estimate = estimateClockOffset([exchange(10_000, 5_000, up, down)]);
      expect(Math.abs(estimate.offsetMs - 10_000)).toBeLessThanOrEqual(estimate.errorMs);
    }
  });

  it("refuses to estimate from nothing", () => {
    expect(() => estimateClockOffset([])).toThrow();
  });
});

describe("time left as a client renders it", () => {
  it("counts down from the server's deadline, corrected by the offset", () => {
    const timer = { status: "running" as const, remainingMs: 60_000, deadline: 100_000 };
    expect(timeLeftMs(timer, 40_000, 0)).toBe(60_000);
    // This client's clock is 2 s behind the server: it adds the offset before comparing.
    expect(timeLeftMs(timer, 38_000, 2_000)).toBe(60_000);
    expect(timeLeftMs(timer, 200_000, 0)).toBe(0);
  });

  it("shows the stored remainder when not running", () => {
    expect(timeLeftMs({ status: "paused", remainingMs: 12_345, deadline: null }, 999_999, 50)).toBe(12_345);
  });
});
