/**
 * Warnings about one source (a connection) that cannot flood the log: the first is logged, then at most one per
 * interval, each saying how many were left out since the one before; what is still left out when the source
 * goes away is told then (`flush`). Hand-rolled rather than a rate limiter: a limiter says yes or no, while a
 * log throttle must also count what it dropped.
 */
export class WarningThrottle<K extends object> {
  private readonly sources = new WeakMap<K, { lastAt: number; suppressed: number }>();

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
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
