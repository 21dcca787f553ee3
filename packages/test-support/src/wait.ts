/** Polls `check` until it returns true, or fails after a generous deadline. For waiting on real time, never a fixed sleep. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Waits until a counter (polls, sweeps) has moved on by `more` on every node: a quiet window measured in work
 * the nodes did, not in milliseconds, so a duplicate that would come from a later poll has had its chance.
 */
export async function waitForMore(counters: readonly (() => number)[], more: number, what: string, timeoutMs = 5_000): Promise<void> {
  const targets = counters.map((count) => count() + more);
  await waitFor(() => counters.every((count, index) => count() >= (targets[index] ?? 0)), what, timeoutMs);
}
