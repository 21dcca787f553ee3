import type { FastifyBaseLogger } from "fastify";

/**
 * An error reporter for background work (timer polls, presence upkeep, queue sweeps) that says each kind of
 * failure once per window, with how many were left unsaid: during a Redis outage the polls fail forty times a
 * second, and one line a minute says as much as forty thousand.
 */
export function throttledErrors(log: FastifyBaseLogger, windowMs = 60_000) {
  const windows = new Map<string, { until: number; suppressed: number }>();
  return (what: string) =>
    (error: unknown): void => {
      const now = Date.now();
      const window = windows.get(what);
      if (window && now < window.until) {
        window.suppressed += 1;
        return;
      }
      log.error({ err: error, suppressedSinceLast: window?.suppressed ?? 0 }, what);
      windows.set(what, { until: now + windowMs, suppressed: 0 });
    };
}
