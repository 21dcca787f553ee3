import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";

/** The part of a rate limiter the transport uses: take one point for a key, or reject with a RateLimiterRes. */
export interface PointTaker {
  consume(key: string): Promise<unknown>;
}

export interface BatchedLimiterOptions {
  /** Events counted here before they are sent to the shared count as one. */
  batch: number;
  /** Counts still waiting are sent at least this often (ms). */
  flushMs: number;
  onError: (error: unknown) => void;
}

/**
 * A shared (Redis) count that costs one Redis call per `batch` events of a key on this node instead of one per
 * event, and never makes an event wait for Redis: events are counted here and sent in batches (and at least
 * every `flushMs`); once the shared count says a key is spent, this node refuses it until its window ends.
 * Across N nodes an allowance can be overrun by at most N × batch events per window, which is why the batch
 * is a small share of the allowance (see `batchFor`).
 */
export class BatchedLimiter implements PointTaker {
  private readonly pending = new Map<string, number>();
  private readonly blockedUntil = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly shared: RateLimiterAbstract,
    private readonly options: BatchedLimiterOptions,
  ) {
    this.timer = setInterval(() => this.flushAll(), options.flushMs);
    this.timer.unref();
  }

  async consume(key: string): Promise<void> {
    const until = this.blockedUntil.get(key);
    if (until !== undefined) {
      const left = until - Date.now();
      if (left > 0) throw new RateLimiterRes(0, left, 0, false);
      this.blockedUntil.delete(key);
    }
    const count = (this.pending.get(key) ?? 0) + 1;
    if (count < this.options.batch) this.pending.set(key, count);
    else this.flush(key, count);
  }

  close(): void {
    clearInterval(this.timer);
  }

  private flushAll(): void {
    for (const [key, count] of this.pending) this.flush(key, count);
    // A key refused once and never seen again would otherwise stay here for the life of the node.
    const now = Date.now();
    for (const [key, until] of this.blockedUntil) if (until <= now) this.blockedUntil.delete(key);
  }

  private flush(key: string, count: number): void {
    this.pending.delete(key);
    this.shared.consume(key, count).then(
      () => undefined,
      (outcome: unknown) => {
        if (outcome instanceof RateLimiterRes) this.blockedUntil.set(key, Date.now() + outcome.msBeforeNext);
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
