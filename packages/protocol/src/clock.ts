/** One round trip of the clock exchange: client send time, server time, client receive time (ms). */
export interface ClockSample {
  clientSentAt: number;
  serverTime: number;
  clientReceivedAt: number;
}

export interface ClockEstimate {
  /** Add to the local clock to get the server's clock. */
  offsetMs: number;
  /** The true offset lies within ± this bound (half the best round trip). */
  errorMs: number;
  roundTripMs: number;
}

/**
 * NTP-style estimate: the sample with the smallest round trip is the least disturbed by queueing,
 * and assuming the server read its clock half-way through it bounds the error by half that round trip.
 */
export function estimateClockOffset(samples: readonly ClockSample[]): ClockEstimate {
  let best: ClockSample | undefined;
  for (const sample of samples) {
    const roundTrip = sample.clientReceivedAt - sample.clientSentAt;
    if (roundTrip < 0) continue;
    if (!best || roundTrip < best.clientReceivedAt - best.clientSentAt) best = sample;
  }
  if (!best) throw new Error("estimateClockOffset needs at least one sample with a non-negative round trip");
  const roundTripMs = best.clientReceivedAt - best.clientSentAt;
  return {
    offsetMs: best.serverTime - (best.clientSentAt + best.clientReceivedAt) / 2,
    errorMs: roundTripMs / 2,
    roundTripMs,
  };
}

/** Milliseconds left on a timer, as seen from a client whose clock is `offsetMs` behind the server's. */
export function timeLeftMs(
  timer: { status: "idle" | "running" | "paused"; remainingMs: number; deadline: number | null },
  localNow: number,
  offsetMs: number,
): number {
  if (timer.status !== "running" || timer.deadline === null) return timer.remainingMs;
  return Math.max(0, timer.deadline - (localNow + offsetMs));
}
