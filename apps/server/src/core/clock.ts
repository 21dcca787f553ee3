/** The store's clock (Redis TIME with Redis), in ms since the epoch: every node agrees on deadlines by it. */
export type StoreClock = () => Promise<number>;

export interface OffsetClockOptions {
  /** How long one measured offset is trusted before it is measured again (ms). */
  refreshMs?: number;
  /** Readings per measurement; the one with the shortest round trip counts. */
  samples?: number;
  /** This process's clock, in ms since the epoch, with sub-millisecond precision. */
  local?: () => number;
}

/**
 * The store's clock told from this process's own: the offset between the two is measured now and then, so
 * reading the store's time (every clock sync, every activity, a change to a room this node knows) costs no
 * round trip to Redis. It is never behind the store: each reading is taken as if the store had answered the
 * moment it was asked, and the tightest of a few readings counts, so it runs ahead by at most the shortest
 * round trip and a millisecond, and no time it tells is earlier than one the store told before. While a new
 * measurement fails (Redis is down), the last offset stays in use; with none yet, the failure is the caller's.
 */
export class OffsetClock {
  private readonly refreshMs: number;
  private readonly samples: number;
  private readonly local: () => number;
  private offset: { value: number; measuredAt: number } | undefined;
  private measuring: Promise<number> | undefined;

  constructor(
    private readonly read: StoreClock,
    options: OffsetClockOptions = {},
  ) {
    this.refreshMs = options.refreshMs ?? 10_000;
    this.samples = options.samples ?? 3;
    this.local = options.local ?? (() => performance.timeOrigin + performance.now());
  }

  readonly now: StoreClock = async () => {
    const offset = this.offset;
    if (offset && this.local() - offset.measuredAt < this.refreshMs) return this.at(offset.value);
    // One measurement at a time; meanwhile everyone is answered from the last offset, if there is one.
    const measuring = (this.measuring ??= this.measure().finally(() => (this.measuring = undefined)));
    if (offset) {
      measuring.catch(() => {});
      return this.at(offset.value);
    }
    return this.at(await measuring);
  };

  /** Whole milliseconds, as Redis TIME is read everywhere else. */
  private at(offset: number): number {
    return Math.floor(this.local() + offset);
  }

  private async measure(): Promise<number> {
    let best: number | undefined;
    for (let i = 0; i < this.samples; i++) {
      const sentAt = this.local();
      // The store read its clock after sentAt, and cut it to whole milliseconds: its clock at sentAt was below this.
      const value = (await this.read()) + 1 - sentAt;
      if (best === undefined || value < best) best = value;
    }
    if (best === undefined) throw new Error("an offset clock needs at least one sample");
    this.offset = { value: best, measuredAt: this.local() };
    return best;
  }
}
