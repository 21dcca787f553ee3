export interface Periodic {
  start(): void;
  /** No more runs; resolves once the one in progress (if any) has finished. */
  stop(): Promise<void>;
}

/**
 * Store work a node repeats (its presence upkeep, the queue's sweep): every `everyMs`, and at once when
 * `runAtStart`. Never two runs at a time: a beat that finds the last run still going (a slow store) is skipped.
 * Stopping waits for the run in progress, so a node shutting down does not close its store under it.
 */
export function periodic(work: () => Promise<void>, { everyMs, runAtStart, onError }: { everyMs: number; runAtStart: boolean; onError: (error: unknown) => void }): Periodic {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const run = () => {
    running ??= work()
      .catch(onError)
      .finally(() => (running = undefined));
  };
  return {
    start: () => {
      if (runAtStart) run();
      timer = setInterval(run, everyMs);
      timer.unref();
    },
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
