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

interface TimerLike {
  status: "idle" | "running" | "paused" | "finished";
  remainingMs: number;
  deadline: number | null;
}

/** Milliseconds left in the current segment, as seen from a client whose clock is `offsetMs` behind the server's. */
export function timeLeftMs(timer: TimerLike, localNow: number, offsetMs: number): number {
  if (timer.status === "finished") return 0;
  if (timer.status !== "running" || timer.deadline === null) return timer.remainingMs;
  return Math.max(0, timer.deadline - (localNow + offsetMs));
}

/** Milliseconds left in the whole round: the current segment's time left and every later segment. */
export function roundTimeLeftMs(
  timer: TimerLike & { segments: readonly { durationMs: number }[]; segmentIndex: number },
  localNow: number,
  offsetMs: number,
): number {
  if (timer.status === "finished") return 0;
  const later = timer.segments.slice(timer.segmentIndex + 1).reduce((sum, segment) => sum + segment.durationMs, 0);
  return timeLeftMs(timer, localNow, offsetMs) + later;
}

/** Soft warnings shown as a segment runs out. */
export const segmentWarnings = [
  { level: "two-minutes", atMs: 2 * 60_000 },
  { level: "thirty-seconds", atMs: 30_000 },
] as const;
export type SegmentWarning = (typeof segmentWarnings)[number]["level"];

/** The warning to show for this much time left in a segment, if any: the most urgent that applies. */
export function segmentWarning(leftMs: number): SegmentWarning | null {
  if (leftMs <= 0) return null;
  let warning: SegmentWarning | null = null;
  for (const { level, atMs } of segmentWarnings) if (leftMs <= atMs) warning = level;
  return warning;
}
