import { setTimeout as wait } from "node:timers/promises";

export interface RetryOptions {
  /** Tries in all, the first included. */
  attempts: number;
  /** The wait before the second try (ms); each later wait doubles it. */
  firstRetryMs: number;
}

/**
 * Runs `run` until it succeeds or has failed `attempts` times, then throws its last error: for work done after
 * the fact (nobody waits on its answer) that must outlast a store blinking for a second or two.
 */
export async function withRetries<T>(run: () => Promise<T>, { attempts, firstRetryMs }: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await wait(firstRetryMs * 2 ** (attempt - 1));
    }
  }
}
