import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";

/** The part of a rate limiter the transport uses: take one point for a key, or reject with a RateLimiterRes. */
export interface PointTaker {
  consume(key: string): Promise<unknown>;
}

export interface BatchedLimiterOptions {
  /** Events counted here before they are sent to the shared count as one. */
  batch: number;
  /** The shared count's window (ms): events counted here longer ago than this no longer count. */
  windowMs: number;
  onError: (error: unknown) => void;
  /** Milliseconds now; tests pass their own clock. */
  now?: () => number;
}

/** Events of one key counted on this node and not yet sent, since the first of them. */
interface Pending {
  count: number;
  since: number;
}

/**
 * A shared (Redis) count that costs one Redis call per `batch` events of a key on this node instead of one per
 * event, and never makes an event wait for Redis: events are counted here and sent when a key has a whole
 * batch; once the shared count says a key is spent, this node refuses it until its window ends. A key's count
 * here stays under the batch, so across N nodes an allowance can be overrun by less than N × batch events per
 * window, which is why the batch is a small share of the allowance (see `batchFor`). What is left of a batch is
 * never sent on a timer (with a count per person, that was a Redis call for nearly every person every few
 * seconds, in bursts); it is dropped once it is a window old, as the events it counted have left the window.
 */
export class BatchedLimiter implements PointTaker {
  private readonly pending = new Map<string, Pending>();
  private readonly blockedUntil = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;
  private readonly now: () => number;

  constructor(
    private readonly shared: RateLimiterAbstract,
    private readonly options: BatchedLimiterOptions,
  ) {
    this.now = options.now ?? Date.now;
    // Forgetting costs no Redis call: a sweep a window apart keeps both maps to the keys seen lately.
    this.timer = setInterval(() => this.forgetOld(), options.windowMs);
    this.timer.unref();
  }

  async consume(key: string): Promise<void> {
    const now = this.now();
    const until = this.blockedUntil.get(key);
    if (until !== undefined) {
      const left = until - now;
      if (left > 0) throw new RateLimiterRes(0, left, 0, false);
      this.blockedUntil.delete(key);
    }
    let pending = this.pending.get(key);
    if (pending === undefined || now - pending.since >= this.options.windowMs) {
      pending = { count: 0, since: now };
      this.pending.set(key, pending);
    }
    pending.count += 1;
    if (pending.count >= this.options.batch) {
      this.pending.delete(key);
      this.send(key, pending.count);
    }
  }

  close(): void {
    clearInterval(this.timer);
  }

  private forgetOld(): void {
    const now = this.now();
    for (const [key, pending] of this.pending) if (now - pending.since >= this.options.windowMs) this.pending.delete(key);
    // A key refused once and never seen again would otherwise stay here for the life of the node.
    for (const [key, until] of this.blockedUntil) if (until <= now) this.blockedUntil.delete(key);
  }

  private send(key: string, count: number): void {
    this.shared.consume(key, count).then(
      () => undefined,
      (outcome: unknown) => {
        if (outcome instanceof RateLimiterRes) this.blockedUntil.set(key, this.now() + outcome.msBeforeNext);
        else this.options.onError(outcome);
      },
    );
  }
}

/**
 * How many events a node may count before telling the shared count: a hundredth of the allowance, at most
 * 20. Small allowances (and so every test of an exact limit) are counted one by one, waiting for Redis.
 */
export function batchFor(points: number): number {
  return Math.max(1, Math.min(20, Math.floor(points / 100)));
}
