import { Redis } from "ioredis";
import { readFileSync } from "node:fs";
import { cpuMeter } from "./proc.ts";

/** How long a command must take inside Redis to count as stalled (µs): Redis answers the bench's commands in tens of µs. */
const STALL_MICROSECONDS = 2_000;
/** More entries than a window has ever held (the log keeps no more than this). */
const STALLS_KEPT = 10_000;

/** What the machine itself went through over a window, whatever process caused it. */
export interface MachineFigures {
  /** The whole machine's CPU in use (every core, every process), as a share of all its cores. */
  busy: number;
  /**
   * Commands that took more than 2 ms inside Redis (its SLOWLOG). Redis executes the bench's commands, scripts
   * included, in tens of microseconds; one that took milliseconds was waiting for a core: Redis, a single thread,
   * was descheduled in the middle of it, and every client's command waited behind it.
   */
  redisStalls: number;
  /** The longest of them (ms), or 0. */
  longestRedisStallMs: number;
  /**
   * For each server watched, the share of the window its main thread (JavaScript's) was ready to run but waited
   * for a core: the kernel's run-queue wait (/proc/<pid>/schedstat). Every push it holds waits as long.
   */
  serverWaits: number[];
  /** The load generators' CPU together, and Redis's, each as a share of one core: what the servers' windows leave the server. */
  generatorsCpu: number;
  redisCpu: number;
}

export interface MachineWatch {
  /** From now on: a fresh slow log, the machine's CPU counters, the servers' run-queue wait, and the generators' and Redis's CPU. */
  start(processes: { servers: readonly number[]; generators: readonly number[] }): Promise<void>;
  stop(): Promise<MachineFigures>;
}

/** Busy and total jiffies of all cores so far, from /proc/stat's first line. */
function cpuJiffies(): { busy: number; total: number } {
  const [, ...fields] = (readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "").trim().split(/\s+/);
  const values = fields.map(Number);
  const total = values.reduce((sum, value) => sum + value, 0);
  // idle and iowait are the 4th and 5th fields.
  return { busy: total - (values[3] ?? 0) - (values[4] ?? 0), total };
}

/** Nanoseconds the process's main thread has waited on a run queue so far, from /proc/<pid>/schedstat's second field. */
function runQueueWaitNs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/schedstat`, "utf8").trim().split(/\s+/);
  return Number(fields[1]);
}

/** Watches the bench's own Redis (`redisUrl`, process `redisPid`) and the machine over one measured window at a time. */
export function machineWatch(redisUrl: string, redisPid: number): MachineWatch & { close(): void } {
  const redis = new Redis(redisUrl);
  // The bench's own Redis: its slow log is set up once, and emptied as each window opens.
  const configured = Promise.all([
    redis.config("SET", "slowlog-log-slower-than", String(STALL_MICROSECONDS)),
    redis.config("SET", "slowlog-max-len", String(STALLS_KEPT)),
  ]);
  let before = cpuJiffies();
  let servers: { pid: number; waitedNs: number }[] = [];
  // Each generator's CPU, then Redis's (proc.ts's meter, as the servers' own); from `start` on.
  let others: ReturnType<typeof cpuMeter> | undefined;
  let startedAt = 0;
  return {
    start: async (processes) => {
      await configured;
      await redis.slowlog("RESET");
      before = cpuJiffies();
      servers = processes.servers.map((pid) => ({ pid, waitedNs: runQueueWaitNs(pid) }));
      others = cpuMeter([...processes.generators, redisPid]);
      startedAt = performance.now();
    },
    stop: async () => {
      const after = cpuJiffies();
      const windowNs = (performance.now() - startedAt) * 1e6;
      const serverWaits = servers.map(({ pid, waitedNs }) => (runQueueWaitNs(pid) - waitedNs) / windowNs);
      const shares = others?.stop() ?? [];
      const redisCpu = shares.pop() ?? 0;
      const entries = (await redis.slowlog("GET", STALLS_KEPT)) as [number, number, number, ...unknown[]][];
      return {
        busy: (after.busy - before.busy) / Math.max(1, after.total - before.total),
        redisStalls: entries.length,
        longestRedisStallMs: entries.reduce((longest, [, , micros]) => Math.max(longest, micros / 1000), 0),
        serverWaits,
        generatorsCpu: shares.reduce((sum, share) => sum + share, 0),
        redisCpu,
      };
    },
    close: () => redis.disconnect(),
  };
}
