import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** Clock ticks per second of /proc/<pid>/stat's CPU times (100 on Linux, read once). */
const ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

/** CPU seconds (user + system) the process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name may hold spaces and parentheses: fields are counted from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/** Resident memory of the process (bytes). */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  return match ? Number(match[1]) * 1024 : NaN;
}

/** CPU use of some processes over a window, as a share of one core. */
export function cpuMeter(pids: readonly number[]): { stop(): number[] } {
  const startedAt = performance.now();
  const before = pids.map(cpuSeconds);
  return {
    stop: () => {
      const seconds = (performance.now() - startedAt) / 1000;
      return pids.map((pid, index) => (cpuSeconds(pid) - (before[index] ?? 0)) / seconds);
    },
  };
}
