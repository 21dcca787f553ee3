import type { MachineFigures, MachineWatch } from "./machine.ts";
import type { LoopDelay, MixCommand, PushResult, TargetKind } from "./messages.ts";
import { cpuMeter, rssBytes } from "./proc.ts";
import type { Generator, ServerProcess } from "./processes.ts";
import { withGenerators } from "./processes.ts";
import { bucketQuantile, percentile, type CumulativeBuckets } from "./stats.ts";

/** Two generator processes: enough to drive the load, few enough to leave the server its core. */
const generatorCount = 2;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const split = (total: number, parts: number, index: number) => Math.floor(total / parts) + (index < total % parts ? 1 : 0);

/** Every server's `/metrics` text, read now. */
function metricsTexts(servers: readonly ServerProcess[]): Promise<string[]> {
  return Promise.all(servers.map(async (server) => (await fetch(`${server.url}/metrics`)).text()));
}

/** How long a node may take to settle after the joins before the bench gives up: its settle time and more. */
const SETTLE_LIMIT_MS = 60_000;

/**
 * Waits until every mockloop node has let its heap's growth go after the set-up's wave of arrivals (its
 * `mockloop_heap_growth_held` gauge reads 0, `HEAP_GROWTH_SETTLE_MS` after the last second of 20 or more), so
 * that a window measures the node's steady state under its load, not the seconds after 2,000 or 10,000 people
 * arrived at once. The relay holds nothing. Resolves with how long it waited (ms).
 */
async function untilSettled(kind: TargetKind, servers: readonly ServerProcess[]): Promise<number> {
  if (kind !== "mockloop") return 0;
  const started = performance.now();
  // Read four times a second, not at waitFor's pace: each read of /metrics is work for the node it measures.
  while ((await metricsTexts(servers)).some((text) => /^mockloop_heap_growth_held 1$/m.test(text))) {
    if (performance.now() - started > SETTLE_LIMIT_MS) throw new Error(`the nodes still held their heap's growth ${SETTLE_LIMIT_MS / 1000} s after the joins`);
    await sleep(250);
  }
  return performance.now() - started;
}

async function connectAndJoin(generators: Generator[], kind: TargetKind, servers: readonly ServerProcess[], rooms: number): Promise<number> {
  const urls = servers.map((server) => server.url);
  await Promise.all(generators.map((generator, index) => generator.ask({ type: "setup", kind, urls, rooms: split(rooms, generators.length, index) }, "ready")));
  const started = performance.now();
  await Promise.all(generators.map((generator) => generator.ask({ type: "join", concurrency: 100 }, "joined")));
  return performance.now() - started;
}

export interface PushFigures {
  pushesPerSecond: number;
  p50: number;
  p99: number;
  max: number;
  skipped: number;
  candidateBytesPerPush: number;
  interviewerBytesPerPush: number;
  /** The machine over the window: every process's CPU, and Redis's stalls (`machine.ts`). */
  machine: MachineFigures;
  /** Each server process's CPU over the measured window (share of one core), and its RSS at the end. */
  cpu: number[];
  rss: number[];
  /**
   * mockloop only: the servers' own time from a push received to its ack (`/metrics`), as the histogram bound
   * its p50 and p99 fall under (seconds): the part of the push's time spent in the server and Redis.
   */
  serverAck?: { p50: number; p99: number };
  /**
   * mockloop only: of that, the push's write waiting on Redis, from issued to answered (`/metrics`, the store's
   * `room-write` script), as the bounds its p50 and p99 fall under (seconds).
   */
  roomWrite?: { p50: number; p99: number };
  /**
   * mockloop only, from `/metrics` (prom-client's own process figures), over the window: the share of it the
   * servers spent paused for garbage collection (young generation; full, with its incremental marking steps), and
   * the event loop's delay as prom-client measures it (the time between the callbacks of a 10 ms timer, so 10 ms
   * when idle), p99 and maximum, the worst server's.
   */
  pauses?: { youngGc: number; fullGc: number; loopDelayP99: number; loopDelayMax: number };
  /** The load generators' own event loops over the window, the worst generator's p99 and maximum. */
  generatorLoop: LoopDelay;
}

/** The worst of the generators' loop delays: what the latencies they timed may include. */
function worstLoopDelay(results: readonly { loopDelay: LoopDelay }[]): LoopDelay {
  return {
    p99Ms: Math.max(...results.map((result) => result.loopDelay.p99Ms)),
    maxMs: Math.max(...results.map((result) => result.loopDelay.maxMs)),
  };
}

/** One series of a histogram with one label: its name, and the label's name and value. */
interface HistogramSeries {
  histogram: string;
  label: string;
  value: string;
}

/** The push's ack latency, and its write's wait on Redis. */
const pushAck: HistogramSeries = { histogram: "mockloop_socket_ack_seconds", label: "event", value: "question:push" };
const pushWrite: HistogramSeries = { histogram: "mockloop_redis_command_seconds", label: "command", value: "room-write" };

/**
 * Histogram series summed over the servers, from `/metrics` (what an operator sees in production): for each,
 * counts by upper bound in seconds.
 */
function serverHistograms(texts: readonly string[], wanted: readonly HistogramSeries[]): CumulativeBuckets[] {
  const found = wanted.map(() => new Map() as CumulativeBuckets);
  const line = /^(\w+)_bucket\{le="([^"]+)",(\w+)="([^"]+)"\} (\d+)$/;
  for (const text of texts) {
    for (const match of text.split("\n").map((row) => line.exec(row))) {
      if (!match) continue;
      const index = wanted.findIndex((series) => series.histogram === match[1] && series.label === match[3] && series.value === match[4]);
      const buckets = found[index];
      if (!buckets) continue;
      const bound = match[2] === "+Inf" ? Infinity : Number(match[2]);
      buckets.set(bound, (buckets.get(bound) ?? 0) + Number(match[5]));
    }
  }
  return found;
}

/** prom-client's process figures the push part reads: seconds of GC pause by kind (counters), and the loop's delay since the last read. */
const pauseSeries = {
  youngGc: 'nodejs_gc_duration_seconds_sum{kind="minor"}',
  fullGc: 'nodejs_gc_duration_seconds_sum{kind="major"}',
  incrementalGc: 'nodejs_gc_duration_seconds_sum{kind="incremental"}',
  loopDelayP99: "nodejs_eventloop_lag_p99_seconds",
  loopDelayMax: "nodejs_eventloop_lag_max_seconds",
} as const;
type PauseReading = Record<keyof typeof pauseSeries, number>;

/** Those figures from every server's `/metrics` text: GC seconds summed, loop delays the worst server's. */
function serverPauses(texts: readonly string[]): PauseReading {
  const reading: PauseReading = { youngGc: 0, fullGc: 0, incrementalGc: 0, loopDelayP99: 0, loopDelayMax: 0 };
  for (const text of texts) {
    const values = new Map(text.split("\n").map((row) => [row.slice(0, row.lastIndexOf(" ")), Number(row.slice(row.lastIndexOf(" ") + 1))]));
    for (const [key, series] of Object.entries(pauseSeries) as [keyof PauseReading, string][]) {
      const value = values.get(series) ?? NaN;
      reading[key] = key.startsWith("loopDelay") ? Math.max(reading[key], value) : reading[key] + value;
    }
  }
  return reading;
}

/**
 * Every server's `/metrics`, read once per moment: prom-client starts its loop-delay figures afresh at each
 * read, so a second read just after would see none.
 */
async function readMetrics(servers: readonly ServerProcess[]): Promise<{ histograms: CumulativeBuckets[]; pauses: PauseReading }> {
  const texts = await metricsTexts(servers);
  return { histograms: serverHistograms(texts, [pushAck, pushWrite]), pauses: serverPauses(texts) };
}

const quantiles = (before: CumulativeBuckets | undefined, after: CumulativeBuckets | undefined) =>
  before && after ? { p50: bucketQuantile(before, after, 50), p99: bucketQuantile(before, after, 99) } : undefined;

async function measurePushes(
  generators: Generator[],
  kind: TargetKind,
  servers: readonly ServerProcess[],
  machine: MachineWatch,
  ratePerSecond: number,
  warmupMs: number,
  durationMs: number,
): Promise<PushFigures> {
  const pids = servers.map((server) => server.pid);
  let meter: ReturnType<typeof cpuMeter> | undefined;
  let machineWatched: Promise<void> | undefined;
  // The servers' metrics read as the window opens and as it closes: the window's own pushes.
  const metrics = kind === "mockloop" ? () => readMetrics(servers) : undefined;
  let metricsAtStart: ReturnType<typeof readMetrics> | undefined;
  let windowStartedAt = 0;
  const meterStart = setTimeout(() => {
    meter = cpuMeter(pids);
    machineWatched = machine.start({ servers: pids, generators: generators.map((generator) => generator.pid) });
    windowStartedAt = performance.now();
    metricsAtStart = metrics?.();
  }, warmupMs);
  const meterStop = new Promise<[number[], Awaited<ReturnType<typeof readMetrics>> | undefined, number, MachineFigures]>((resolve, reject) =>
    setTimeout(() => {
      const cpuFigures = meter?.stop() ?? [];
      const windowSeconds = (performance.now() - windowStartedAt) / 1000;
      const machineAtEnd = (machineWatched ?? Promise.resolve()).then(() => machine.stop());
      Promise.all([metrics?.(), machineAtEnd]).then(([atEnd, machineFigures]) => resolve([cpuFigures, atEnd, windowSeconds, machineFigures]), reject);
    }, warmupMs + durationMs),
  );
  const results: PushResult[] = await Promise.all(
    generators.map((generator) => generator.ask({ type: "push", ratePerSecond: ratePerSecond / generators.length, warmupMs, durationMs }, "pushed")),
  );
  clearTimeout(meterStart);
  const [cpu, metricsAtEnd, windowSeconds, machineFigures] = await meterStop;
  const metricsBefore = await metricsAtStart;
  const atStart = metricsBefore?.histograms;
  const histogramAtEnd = metricsAtEnd?.histograms;
  const pausesBefore = metricsBefore?.pauses;
  const pausesAtEnd = metricsAtEnd?.pauses;
  // GC time is summed over the servers, so its share of the window is per server on average.
  const gcShare = (seconds: number) => seconds / windowSeconds / servers.length;
  const latencies = results.flatMap((result) => result.latencies);
  const pushes = latencies.length;
  const elapsedSeconds = Math.max(...results.map((result) => result.elapsedMs)) / 1000;
  return {
    pushesPerSecond: pushes / elapsedSeconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: Math.max(...latencies),
    skipped: results.reduce((total, result) => total + result.skipped, 0),
    candidateBytesPerPush: results.reduce((total, result) => total + result.candidateBytes, 0) / pushes,
    interviewerBytesPerPush: results.reduce((total, result) => total + result.interviewerBytes, 0) / pushes,
    machine: machineFigures,
    cpu,
    rss: pids.map(rssBytes),
    generatorLoop: worstLoopDelay(results),
    ...(atStart && histogramAtEnd
      ? { serverAck: quantiles(atStart[0], histogramAtEnd[0]), roomWrite: quantiles(atStart[1], histogramAtEnd[1]) }
      : {}),
    ...(pausesBefore && pausesAtEnd
      ? {
          pauses: {
            youngGc: gcShare(pausesAtEnd.youngGc - pausesBefore.youngGc),
            fullGc: gcShare(pausesAtEnd.fullGc + pausesAtEnd.incrementalGc - pausesBefore.fullGc - pausesBefore.incrementalGc),
            loopDelayP99: pausesAtEnd.loopDelayP99,
            loopDelayMax: pausesAtEnd.loopDelayMax,
          },
        }
      : {}),
  };
}

/**
 * Question pushes at a steady rate across `rooms` rooms: push → the candidate's screen, bytes per push, CPU, RSS;
 * and how long the nodes took to settle after the joins (`untilSettled`).
 */
export function pushScenario(
  kind: TargetKind,
  servers: readonly ServerProcess[],
  machine: MachineWatch,
  options: { rooms: number; rates: readonly number[]; warmupMs: number; durationMs: number },
) {
  return withGenerators(generatorCount, async (generators) => {
    await connectAndJoin(generators, kind, servers, options.rooms);
    const settledMs = await untilSettled(kind, servers);
    const figures: PushFigures[] = [];
    for (const rate of options.rates) figures.push(await measurePushes(generators, kind, servers, machine, rate, options.warmupMs, options.durationMs));
    return { settledMs, figures };
  });
}

/**
 * The highest push rate served at a p99 of at most `p99Ms`: steps up the rate until the p99 goes over it or the
 * servers no longer keep up with the rate asked (less than 90% of it delivered).
 */
export function pushCapacity(
  servers: readonly ServerProcess[],
  machine: MachineWatch,
  options: { rooms: number; rates: readonly number[]; p99Ms: number; warmupMs: number; durationMs: number },
) {
  return withGenerators(generatorCount, async (generators) => {
    await connectAndJoin(generators, "mockloop", servers, options.rooms);
    const settledMs = await untilSettled("mockloop", servers);
    let best: PushFigures | undefined;
    const steps: PushFigures[] = [];
    for (const rate of options.rates) {
      const figures = await measurePushes(generators, "mockloop", servers, machine, rate, options.warmupMs, options.durationMs);
      steps.push(figures);
      if (figures.p99 > options.p99Ms || figures.pushesPerSecond < rate * 0.9) break;
      best = figures;
    }
    return { best, steps, settledMs };
  });
}

export interface MemoryFigures {
  joinMs: number;
  /** RSS before anyone connected. */
  idleRss: number;
  /** RSS just after the joins (3 s), while the garbage of the joins is still on the heap. */
  rssAfterJoins: number;
  /** RSS once everyone has sat idle for `settleMs`: the steady state of that many open connections. */
  rss: number;
}

/** `rooms` rooms of two, all joined, then idle: how long the joins took and the server's RSS afterwards. */
export function memoryScenario(kind: TargetKind, server: ServerProcess, rooms: number, settleMs: number) {
  return withGenerators(generatorCount, async (generators): Promise<MemoryFigures> => {
    const idleRss = rssBytes(server.pid);
    const joinMs = await connectAndJoin(generators, kind, [server], rooms);
    await sleep(3_000);
    const rssAfterJoins = rssBytes(server.pid);
    await sleep(Math.max(0, settleMs - 3_000));
    return { joinMs, idleRss, rssAfterJoins, rss: rssBytes(server.pid) };
  });
}

export interface MixFigures {
  rounds: number;
  acks: Record<string, { count: number; p50: number; p99: number }>;
  p99: number;
  acksPerSecond: number;
  failures: Record<string, number>;
  segmentEnds: number;
  cpu: number;
  rss: number;
  /** The load generators' own event loops over the window, the worst generator's p99 and maximum. */
  generatorLoop: LoopDelay;
  /** The machine over the window: every process's CPU, and Redis's stalls. */
  machine: MachineFigures;
  /** How long the node took to settle after the joins, before the window (`untilSettled`). */
  settledMs: number;
}

/** Live rounds on one node: autosaves, pushes, timers with segment ends, clock syncs and reconnects. */
export function mixScenario(server: ServerProcess, machine: MachineWatch, rounds: number, mix: Omit<MixCommand, "type">) {
  return withGenerators(generatorCount, async (generators): Promise<MixFigures> => {
    await connectAndJoin(generators, "mockloop", [server], rounds);
    const settledMs = await untilSettled("mockloop", [server]);
    // Every timer's first segment ends at a random moment of the window, so the scheduler applies one end per room in it.
    await Promise.all(generators.map((generator) => generator.ask({ type: "timers", segmentEndWithinMs: mix.durationMs }, "timed")));
    await machine.start({ servers: [server.pid], generators: generators.map((generator) => generator.pid) });
    const meter = cpuMeter([server.pid]);
    const results = await Promise.all(generators.map((generator) => generator.ask({ type: "mix", ...mix }, "mixed")));
    const [cpu = NaN] = meter.stop();
    const machineFigures = await machine.stop();
    const byEvent = new Map<string, number[]>();
    for (const result of results) for (const [event, values] of Object.entries(result.acks)) byEvent.set(event, [...(byEvent.get(event) ?? []), ...values]);
    const all = [...byEvent.values()].flat();
    const failures: Record<string, number> = {};
    for (const result of results) for (const [event, count] of Object.entries(result.failures)) failures[event] = (failures[event] ?? 0) + count;
    return {
      rounds,
      acks: Object.fromEntries([...byEvent].map(([event, values]) => [event, { count: values.length, p50: percentile(values, 50), p99: percentile(values, 99) }])),
      p99: percentile(all, 99),
      acksPerSecond: all.length / (mix.durationMs / 1000),
      failures,
      segmentEnds: results.reduce((total, result) => total + result.segmentEnds, 0),
      cpu,
      rss: rssBytes(server.pid),
      generatorLoop: worstLoopDelay(results),
      machine: machineFigures,
      settledMs,
    };
  });
}
