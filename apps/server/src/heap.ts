import { Gauge, type Registry } from "prom-client";
import { setFlagsFromString } from "node:v8";

export interface HeapGrowthOptions {
  /** The old generation's growth past what a full collection kept, while people arrive (percent; 0 leaves V8's own choice always). */
  percent: number;
  /** Arrivals (connections opened, rooms joined) in one sample at or above which the node counts as filling up. */
  arrivalsPerSample: number;
  /** How long after the last such sample the growth stays held (ms). */
  settleMs: number;
  /** Sets a V8 flag: `v8.setFlagsFromString` (a test passes its own). */
  setFlag?: (flag: string) => void;
}

/**
 * How far V8 lets the old generation grow past what its last full collection kept before it collects again.
 *
 * V8 chooses this itself, up to fourfold while allocation is fast. Under steady load that is right: what a node
 * allocates then is its requests' garbage, and each full collection marks every connection the node holds, so
 * fewer of them is cheaper. While people arrive, though, the heap fills with what they keep for as long as they
 * stay; grown fourfold meanwhile, it ends up in pages half garbage that the process keeps once they sit idle. So
 * while arrivals run high the growth is held to `percent`, and once they have settled V8 chooses again. V8
 * reads the setting at each full collection, so a change applies from the next one.
 */
export class HeapGrowthPolicy {
  private readonly setFlag: (flag: string) => void;
  private lastPopulation: number | undefined;
  private lastArrivalsAt = Number.NEGATIVE_INFINITY;
  private held: boolean | undefined;

  constructor(private readonly options: HeapGrowthOptions) {
    this.setFlag = options.setFlag ?? setFlagsFromString;
  }

  /** Whether the growth is held to `percent` now. */
  get holding(): boolean {
    return this.held === true;
  }

  /**
   * One sample of how many people the node holds (any count that rises as connections open and rooms are
   * joined) at `now` (ms). The first sample counts as arrivals: a node starts by filling up.
   */
  sample(population: number, now: number): void {
    const arrivals = this.lastPopulation === undefined ? Number.POSITIVE_INFINITY : population - this.lastPopulation;
    this.lastPopulation = population;
    if (arrivals >= this.options.arrivalsPerSample) this.lastArrivalsAt = now;
    this.hold(this.options.percent > 0 && now - this.lastArrivalsAt < this.options.settleMs);
  }

  private hold(held: boolean): void {
    if (held === this.held) return;
    this.held = held;
    this.setFlag(`--heap-growing-percent=${held ? this.options.percent : 0}`);
  }
}

/** A sample a second: a wave of joins shows within one, and a second of it is already many people. */
const SAMPLE_INTERVAL_MS = 1_000;
/** Reconnects and the odd newcomer are a few a second even on a full node; a wave of arrivals is far more. */
const ARRIVALS_PER_SAMPLE = 20;

export interface HeapGrowthWatch {
  /** From now on samples `population` every second, and shows the policy's state as a gauge in `registry`. */
  follow(population: () => number, registry: Registry): void;
  stop(): void;
}

/** Runs the policy for this process, holding the growth from now on: the node is about to fill up. */
export function holdHeapGrowth({ percent, settleMs }: Pick<HeapGrowthOptions, "percent" | "settleMs">): HeapGrowthWatch {
  const policy = new HeapGrowthPolicy({ percent, arrivalsPerSample: ARRIVALS_PER_SAMPLE, settleMs });
  policy.sample(0, Date.now());
  let timer: NodeJS.Timeout | undefined;
  return {
    follow: (population, registry) => {
      timer = setInterval(() => policy.sample(population(), Date.now()), SAMPLE_INTERVAL_MS).unref();
      new Gauge({
        name: "mockloop_heap_growth_held",
        help: "1 while people arrive and the heap's growth is held to HEAP_GROWING_PERCENT; 0 while V8 chooses it.",
        registers: [registry],
        collect() {
          this.set(policy.holding ? 1 : 0);
        },
      });
    },
    stop: () => clearInterval(timer),
  };
}
