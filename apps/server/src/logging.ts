import type { FastifyBaseLogger } from "fastify";

interface ThrottleState {
  lastAt: number;
  suppressed: number;
}

/** Where a throttle keeps each source's state: a Map, or a WeakMap when sources are objects that go away (connections). */
export interface ThrottleSources<K> {
  get(source: K): ThrottleState | undefined;
  set(source: K, state: ThrottleState): unknown;
  delete(source: K): boolean;
}

/**
 * Log lines about one source (a connection, a kind of background failure) that cannot flood the log: the first
 * is logged, then at most one per interval, each saying how many were left out since the one before; what is
 * still left out when the source goes away is told then (`flush`). Hand-rolled rather than a rate limiter: a
 * limiter says yes or no, while a log throttle must also count what it dropped.
 */
export class WarningThrottle<K> {
  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
    private readonly sources: ThrottleSources<K> = new Map<K, ThrottleState>(),
  ) {}

  /** Whether to log a warning about `source` now; if so, how many were left out since the last one logged. */
  admit(source: K): { suppressed: number } | undefined {
    const now = this.now();
    const state = this.sources.get(source);
    if (!state) {
      this.sources.set(source, { lastAt: now, suppressed: 0 });
      return { suppressed: 0 };
    }
    if (now - state.lastAt < this.intervalMs) {
      state.suppressed += 1;
      return undefined;
    }
    const suppressed = state.suppressed;
    state.lastAt = now;
    state.suppressed = 0;
    return { suppressed };
  }

  /** How many warnings about `source` were left out since the last one logged; forgets it. */
  flush(source: K): number {
    const suppressed = this.sources.get(source)?.suppressed ?? 0;
    this.sources.delete(source);
    return suppressed;
  }
}

/**
 * An error reporter for background work (timer polls, presence upkeep, queue sweeps) that says each kind of
 * failure once per window, with how many were left unsaid: during a Redis outage the polls fail forty times a
 * second, and one line a minute says as much as forty thousand.
 */
export function throttledErrors(log: FastifyBaseLogger, windowMs = 60_000) {
  const throttle = new WarningThrottle<string>(windowMs);
  return (what: string) =>
    (error: unknown): void => {
      const admitted = throttle.admit(what);
      if (admitted) log.error({ err: error, suppressedSinceLast: admitted.suppressed }, what);
    };
}
