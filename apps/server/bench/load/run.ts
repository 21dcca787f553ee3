// The load benchmark: a bare Socket.IO relay and mockloop nodes, each in its own process on one Redis (started
// here), driven by load-generator processes through the typed client; prints one side-by-side table.
// Run: pnpm bench:load (a few minutes). BENCH_QUICK=1 shortens every window, for a trial run only.
import { startRedis, uniquePrefix } from "@mockloop/test-support";
import { Redis } from "ioredis";
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";
import { buildServer } from "../../build.ts";
import { measureWrites } from "../writes.ts";
import { machineWatch, type MachineFigures } from "./machine.ts";
import { buildRelay, startMockloopNodes, startRelay, type ServerProcess } from "./processes.ts";
import { memoryScenario, mixScenario, pushCapacity, pushScenario, type MixFigures, type PushFigures } from "./scenarios.ts";
import type { LoopDelay } from "./messages.ts";
import { bound, bytes, inSeconds, mb, ms, pct } from "./stats.ts";

const quick = process.env.BENCH_QUICK === "1";
/** BENCH_ONLY=push,mix (say) runs those parts alone: push, memory, mix, capacity (the mix at more rounds; it runs the mix too), nodes, writes. */
const parts = ["push", "memory", "mix", "capacity", "nodes", "writes"] as const;
const only = new Set((process.env.BENCH_ONLY ?? parts.join(",")).split(",").map((part) => part.trim()));
for (const part of only) if (!(parts as readonly string[]).includes(part)) throw new Error(`BENCH_ONLY: no part named ${part}; the parts are ${parts.join(", ")}`);
const runs = (part: (typeof parts)[number]) => only.has(part);
const seconds = (full: number, short: number) => (quick ? short : full) * 1000;
const settings = {
  pushRooms: 1_000,
  /** BENCH_PUSH_RATES=800,800 (say) in place of these: the first gets the full rows, each further one a row of its own. */
  pushRates: pushRatesFrom(process.env.BENCH_PUSH_RATES) ?? [2_400, 400],
  pushWarmupMs: seconds(3, 2),
  pushWindowMs: seconds(15, 5),
  memoryRooms: quick ? 1_000 : 5_000,
  /** Idle means idle: the RSS that counts is read once the joins' garbage has had time to be collected. */
  memorySettleMs: seconds(20, 5),
  mixRounds: quick ? 500 : 2_500,
  mixWindowMs: seconds(60, 15),
  capacitySteps: quick ? [1_000] : [3_000, 3_500, 4_000, 5_000, 6_000],
  capacityWindowMs: seconds(30, 10),
  nodeCounts: [1, 2, 3],
  nodeRates: [500, 1_000, 1_500, 2_000, 2_500, 3_000, 4_000],
  nodeWarmupMs: seconds(2, 1),
  nodeWindowMs: seconds(5, 3),
};
/** What tells a slow machine from a slow server: the same row for the relay's window and for mockloop's. */
const machineRowTitle =
  "  the machine over the window: all its cores' CPU in use, every process; commands that took Redis over 2 ms to run (its SLOWLOG: Redis waiting for a core), and the longest; the share of the window the server's JavaScript thread was ready but waited for a core (its run-queue wait); the load generators' CPU and Redis's (one core = 100%)";

const mix = { autosaveEveryMs: 3_000, pushEveryMs: 60_000, clockSyncEveryMs: 30_000, reconnectsPerMinute: 0.01 };

function pushRatesFrom(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  const rates = text.split(",").map(Number);
  if (rates.some((rate) => !(rate > 0))) throw new Error(`BENCH_PUSH_RATES: pushes per second, above 0 and comma-separated, not ${text}`);
  return rates;
}

const log = (line: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

async function withServers<T>(start: () => Promise<ServerProcess[]>, work: (servers: ServerProcess[]) => Promise<T>): Promise<T> {
  const servers = await start();
  try {
    return await work(servers);
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

// The nodes run the server as `pnpm start` does: built, with plain node; the relay is built the same way.
await Promise.all([buildServer(), buildRelay()]);
const redis = await startRedis();
const redisPid = await (async () => {
  const client = new Redis(redis.url);
  try {
    return Number(/process_id:(\d+)/.exec(await client.info("server"))?.[1] ?? -1);
  } finally {
    client.disconnect();
  }
})();
const relay = () => startRelay(redis.url, uniquePrefix("relay")).then((server) => [server]);
const mockloop = (count: number) => () => startMockloopNodes(count, redis.url, uniquePrefix("mockloop"));
const machine = `${cpus()[0]?.model ?? "cpu"}, ${availableParallelism()} cores, ${mb(totalmem())} RAM, Node ${process.version}, redis pid ${redisPid}`;
const loadBefore = loadavg();
const watch = machineWatch(redis.url, redisPid);

try {
  const rows: string[][] = [["measure", "bare relay", "mockloop", "target", ""]];
  const met = (ok: boolean) => (ok ? "met" : "**missed**");

  if (runs("push")) {
    log(`question pushes, ${settings.pushRooms} rooms × 2 clients: the relay`);
    const relayPush = await withServers(relay, (servers) =>
      pushScenario("relay", servers, watch, { rooms: settings.pushRooms, rates: settings.pushRates, warmupMs: settings.pushWarmupMs, durationMs: settings.pushWindowMs }),
    );
    log("question pushes: mockloop, one node");
    const mockloopPush = await withServers(mockloop(1), (servers) =>
      pushScenario("mockloop", servers, watch, { rooms: settings.pushRooms, rates: settings.pushRates, warmupMs: settings.pushWarmupMs, durationMs: settings.pushWindowMs }),
    );
    rows.push(...pushRows(relayPush.figures, mockloopPush.figures, met));
    rows.push(["  the node settled after the joins (its heap's growth let go) before the warm-up, in", "", inSeconds(mockloopPush.settledMs), "", ""]);
  }

  if (runs("memory")) {
    log(`memory: ${settings.memoryRooms * 2} joined participants, idle`);
    const relayMemory = await withServers(relay, ([server]) => memoryScenario("relay", server as ServerProcess, settings.memoryRooms, settings.memorySettleMs));
    const mockloopMemory = await withServers(mockloop(1), ([server]) => memoryScenario("mockloop", server as ServerProcess, settings.memoryRooms, settings.memorySettleMs));
    rows.push(
      [`${settings.memoryRooms * 2} joined participants, idle ${settings.memorySettleMs / 1000} s: RSS`, mb(relayMemory.rss), `${mb(mockloopMemory.rss)} (${(mockloopMemory.rss / relayMemory.rss).toFixed(2)}×)`, "≤ 1.4× relay", met(mockloopMemory.rss <= 1.4 * relayMemory.rss)],
      ["  RSS 3 s after the last join", mb(relayMemory.rssAfterJoins), `${mb(mockloopMemory.rssAfterJoins)} (${(mockloopMemory.rssAfterJoins / relayMemory.rssAfterJoins).toFixed(2)}×)`, "", ""],
      ["  RSS before anyone connected", mb(relayMemory.idleRss), mb(mockloopMemory.idleRss), "", ""],
      [`  ${settings.memoryRooms * 2} joins took`, ms(relayMemory.joinMs), ms(mockloopMemory.joinMs), "≤ 8 s", met(mockloopMemory.joinMs <= 8_000)],
    );
  }

  // The capacity steps start from the mix's own figures, so asking for capacity alone runs the mix too.
  if (runs("mix") || runs("capacity")) {
    log(`realistic mix: ${settings.mixRounds} live rounds on one node`);
    const mixed = await withServers(mockloop(1), ([server]) => mixScenario(server as ServerProcess, watch, settings.mixRounds, { ...mix, durationMs: settings.mixWindowMs }));
    const capacity: MixFigures[] = [];
    for (const rounds of runs("capacity") ? settings.capacitySteps : []) {
      log(`capacity: ${rounds} live rounds on one node`);
      const step = await withServers(mockloop(1), ([server]) => mixScenario(server as ServerProcess, watch, rounds, { ...mix, durationMs: settings.capacityWindowMs }));
      capacity.push(step);
      if (step.p99 > 50) break;
    }
    rows.push(
      [`mix, ${mixed.rounds} live rounds (${mixed.acksPerSecond.toFixed(0)} acks/s): p99 of every ack`, "", ms(mixed.p99), "≤ 25 ms", met(mixed.p99 <= 25)],
      ...Object.entries(mixed.acks).map(([event, figures]) => [`  ${event} (${figures.count}): p50 / p99`, "", `${ms(figures.p50)} / ${ms(figures.p99)}`, "", ""]),
      ["  node CPU", "", pct(mixed.cpu), "≤ 60%", met(mixed.cpu <= 0.6)],
      ["  the load generators' own event loops (a 5 ms timer): p99 / max delay, the worst generator's", "", loopDelay(mixed.generatorLoop), "", ""],
      ["  node RSS; segment ends seen by candidates", "", `${mb(mixed.rss)}; ${mixed.segmentEnds}`, "", ""],
      ["  the node settled after the joins (its heap's growth let go) before the window, in", "", inSeconds(mixed.settledMs), "", ""],
      [machineRowTitle, "", machineFigures(mixed.machine), "", ""],
      ["  refused or lost", "", JSON.stringify(mixed.failures), "", ""],
      ...capacity.map((step) => [`  ${step.rounds} live rounds: p99 of every ack, CPU`, "", `${ms(step.p99)}, ${pct(step.cpu)}`, "", ""]),
      ...(runs("capacity") ? [["live rounds one node holds at a p99 of 50 ms", "", capacityAnswer(mixed, capacity), "report", ""]] : []),
    );
  }

  if (runs("nodes")) {
    for (const count of settings.nodeCounts) {
      log(`pushes/s at a p99 of 50 ms: ${count} node(s)`);
      const { best, steps, settledMs } = await withServers(mockloop(count), (servers) =>
        pushCapacity(servers, watch, { rooms: settings.pushRooms, rates: settings.nodeRates, p99Ms: 50, warmupMs: settings.nodeWarmupMs, durationMs: settings.nodeWindowMs }),
      );
      rows.push([
        `pushes/s at a p99 ≤ 50 ms, ${count} node${count > 1 ? "s" : ""}`,
        "",
        best ? `${best.pushesPerSecond.toFixed(0)}/s (p99 ${ms(best.p99)})` : "below the first step",
        "report",
        `settled in ${inSeconds(settledMs)}; steps: ${steps.map((step) => `${step.pushesPerSecond.toFixed(0)}/s p99 ${ms(step.p99)}`).join(", ")}`,
      ]);
    }
  }

  if (runs("writes")) {
    log("room writes at round 1 and round 30");
    const writes = await measureWrites(redis.url);
    rows.push([
      `room write p50, round 1 → round ${writes.lastRound}`,
      "",
      `${ms(writes.round1P50)} → ${ms(writes.lastRoundP50)} (record ${bytes(writes.round1Bytes)} → ${bytes(writes.lastRoundBytes)}; past rounds apart, ${bytes(writes.lastRoundPastBytes)})`,
      "the same",
      met(writes.lastRoundP50 <= writes.round1P50 * 1.25),
    ]);
  }

  console.log(`\n${machine}; load average before ${loadBefore.map((value) => value.toFixed(2)).join(" ")}, after ${loadavg().map((value) => value.toFixed(2)).join(" ")}${quick ? "; QUICK RUN" : ""}${only.size < parts.length ? `; only ${[...only].join(", ")}` : ""}\n`);
  for (const [index, row] of rows.entries()) {
    console.log(`| ${row.join(" | ")} |`);
    if (index === 0) console.log(`|${row.map(() => " --- ").join("|")}|`);
  }
} finally {
  watch.close();
  await redis.stop();
}
// Done: end here rather than wait on a handle some closed client left (once seen to keep the run alive after its table).
process.exit();

function machineFigures({ busy, redisStalls, longestRedisStallMs, serverWaits, generatorsCpu, redisCpu }: MachineFigures): string {
  const stalls = `${redisStalls}${redisStalls > 0 ? `, ${ms(longestRedisStallMs)}` : ""}`;
  return `${pct(busy)} of ${availableParallelism()} cores; ${stalls}; waited ${serverWaits.map(pct).join(" / ")}; generators ${pct(generatorsCpu)}, Redis ${pct(redisCpu)}`;
}

/** A generator's loop delay as the table shows it: p99 / max. */
function loopDelay({ p99Ms, maxMs }: LoopDelay): string {
  return `${ms(p99Ms)} / ${ms(maxMs)}`;
}

function pushRows(relayPush: PushFigures[], mockloopPush: PushFigures[], met: (ok: boolean) => string): string[][] {
  const [relayFast] = relayPush as [PushFigures];
  const [mockFast] = mockloopPush as [PushFigures];
  return [
    [
      `push → candidate's screen, ${settings.pushRooms} rooms, ~${settings.pushRates[0]}/s (achieved)`,
      `${relayFast.pushesPerSecond.toFixed(0)}/s (${relayFast.skipped} skipped)`,
      `${mockFast.pushesPerSecond.toFixed(0)}/s (${mockFast.skipped} skipped)`,
      "",
      "",
    ],
    ["  p50", ms(relayFast.p50), ms(mockFast.p50), "≤ 2 ms", met(mockFast.p50 <= 2)],
    ["  p99", ms(relayFast.p99), `${ms(mockFast.p99)} (${(mockFast.p99 / relayFast.p99).toFixed(1)}×)`, `≤ 2× relay (${ms(2 * relayFast.p99)})`, met(mockFast.p99 <= 2 * relayFast.p99)],
    [
      "  of which in the server, received → acked (its /metrics histogram): p50 / p99",
      "",
      mockFast.serverAck ? `${bound(mockFast.serverAck.p50)} / ${bound(mockFast.serverAck.p99)}` : "–",
      "",
      "",
    ],
    [
      "  of which the push's write waiting on Redis, issued → answered (its /metrics histogram): p50 / p99",
      "",
      mockFast.roomWrite ? `${bound(mockFast.roomWrite.p50)} / ${bound(mockFast.roomWrite.p99)}` : "–",
      "",
      "",
    ],
    [
      "  the node's pauses over the window (its /metrics): garbage collection, young / full (share of the time); the event loop's turns as Node's 10 ms timer sees them (10 ms when idle), p99 / max",
      "",
      mockFast.pauses
        ? `${(mockFast.pauses.youngGc * 100).toFixed(1)}% / ${(mockFast.pauses.fullGc * 100).toFixed(1)}%; ${ms(mockFast.pauses.loopDelayP99 * 1000)} / ${ms(mockFast.pauses.loopDelayMax * 1000)}`
        : "–",
      "",
      "",
    ],
    [
      "  the load generators' own event loops over the window (a 5 ms timer, so 5 ms when idle), p99 / max delay, the worst generator's",
      loopDelay(relayFast.generatorLoop),
      loopDelay(mockFast.generatorLoop),
      "",
      "",
    ],
    ["  server CPU (one core = 100%)", pct(relayFast.cpu[0] ?? NaN), pct(mockFast.cpu[0] ?? NaN), "", ""],
    [machineRowTitle, machineFigures(relayFast.machine), machineFigures(mockFast.machine), "", ""],
    ["  server RSS", mb(relayFast.rss[0] ?? NaN), mb(mockFast.rss[0] ?? NaN), "", ""],
    ["  bytes per push to the candidate", bytes(relayFast.candidateBytesPerPush), bytes(mockFast.candidateBytesPerPush), "≤ 600 B", met(mockFast.candidateBytesPerPush <= 600)],
    ["  bytes per push to the interviewer (with the ack)", bytes(relayFast.interviewerBytesPerPush), bytes(mockFast.interviewerBytesPerPush), "≤ 1.5 KB", met(mockFast.interviewerBytesPerPush <= 1536)],
    ...relayPush.slice(1).map((relayAt, index) => {
      const mockloopAt = mockloopPush[index + 1] as PushFigures;
      const figures = (at: PushFigures) => `${ms(at.p50)} / ${ms(at.p99)}; ${pct(at.cpu[0] ?? NaN)}`;
      return [`push → screen, ~${settings.pushRates[index + 1]}/s: p50 / p99; CPU`, figures(relayAt), figures(mockloopAt), "", ""];
    }),
  ];
}

function capacityAnswer(base: MixFigures, steps: readonly MixFigures[]): string {
  const passing = [base, ...steps].filter((step) => step.p99 <= 50);
  const best = passing.at(-1);
  if (!best) return `fewer than ${base.rounds}`;
  const failed = steps.find((step) => step.p99 > 50);
  return failed ? `${best.rounds} (${failed.rounds}: p99 ${ms(failed.p99)})` : `at least ${best.rounds} (the largest step tried)`;
}
