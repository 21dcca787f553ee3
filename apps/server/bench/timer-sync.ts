// Timer agreement benchmark: two clients on two server nodes sharing one Redis.
// Reports (1) how far apart the time left shown by the two clients is at the same instant, over 200 transitions,
// and (2) how late segment-end events arrive after their deadline. Run: pnpm bench
import { timeLeftMs, type RoomState, type SegmentEnded } from "@mockloop/protocol";
import type { RoomClient } from "@mockloop/protocol/client";
import { connectClient, limitsOff, startRedis, uniquePrefix } from "@mockloop/test-support";
import { newTimer } from "../src/features/timer/timer-rules.ts";
import { startServer, type RunningServer } from "../src/index.ts";

const transitions = Number(process.env.BENCH_TRANSITIONS ?? 200);
const segmentEnds = Number(process.env.BENCH_SEGMENT_ENDS ?? 200);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}
const format = (values: number[]) =>
  `p50 ${percentile(values, 50).toFixed(2)} ms, p99 ${percentile(values, 99).toFixed(2)} ms, max ${Math.max(...values).toFixed(2)} ms (n=${values.length})`;

const connect = (server: RunningServer): Promise<RoomClient> => connectClient(server.url);

function latestState(client: RoomClient): { current: RoomState | undefined } {
  const holder: { current: RoomState | undefined } = { current: undefined };
  client.onState((state) => (holder.current = state));
  return holder;
}

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("benchmark step timed out");
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

const redis = await startRedis();
const keyPrefix = uniquePrefix("bench");
// Rate limits out of the way: 200 transitions are far more timer commands than a person sends in a window.
const env = { ...limitsOff, REDIS_URL: redis.url, REDIS_KEY_PREFIX: keyPrefix, LOG_LEVEL: "error", WEB_DIST_DIR: "/nonexistent" };
const nodes = [await startServer({ port: 0, host: "127.0.0.1", env }), await startServer({ port: 0, host: "127.0.0.1", env })];
const [nodeA, nodeB] = nodes as [RunningServer, RunningServer];
try {
  const response = await fetch(`${nodeA.url}/api/rooms`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ trackId: "amazon-tpm", stageId: "phone-interview" }),
  });
  const { roomId } = (await response.json()) as { roomId: string };
  const interviewer = await connect(nodeA);
  const candidate = await connect(nodeB);
  await interviewer.join({ roomId, name: "Bench interviewer", role: "interviewer" });
  await candidate.join({ roomId, name: "Bench candidate", role: "candidate" });
  const [offsetA, offsetB] = [await interviewer.syncClock(8), await candidate.syncClock(8)];
  const seenA = latestState(interviewer);
  const seenB = latestState(candidate);

  // (1) Display agreement after each transition, sampled at one instant for both clients.
  const differences: number[] = [];
  for (let i = 0; i < transitions; i++) {
    const state = seenA.current?.timer.status;
    if (state === "running" && i % 3 === 0) await interviewer.adjustTimer(60_000);
    else if (state === "running") await interviewer.pauseTimer();
    else await interviewer.startTimer();
    const version = (await nodeA.app.rooms.getRoom(roomId)).timer.version;
    await until(() => seenA.current?.timer.version === version && seenB.current?.timer.version === version);
    const now = Date.now();
    const shownA = timeLeftMs(seenA.current!.timer, now, offsetA.offsetMs);
    const shownB = timeLeftMs(seenB.current!.timer, now, offsetB.offsetMs);
    differences.push(Math.abs(shownA - shownB));
  }

  // (2) Segment-end lateness: a plan of short segments, ended by whichever node polls first.
  const lateness: number[] = [];
  const offsetForCandidate = offsetB.offsetMs;
  candidate.on("timer:segment-ended", (end: SegmentEnded) => lateness.push(Date.now() + offsetForCandidate - end.endedAt));
  if (seenA.current?.timer.status === "running") await interviewer.pauseTimer();
  await nodeA.store.updateRoom(roomId, (room) => ({
    room: {
      ...room,
      timer: newTimer(Array.from({ length: segmentEnds }, (_, index) => ({ id: `s-${index}`, name: `Segment ${index}`, durationMs: 40 + (index % 5) * 10 }))),
    },
    result: null,
  }));
  await interviewer.startTimer();
  await until(() => lateness.length >= segmentEnds, 60_000);

  console.log(`clock offset estimates: A ${offsetA.offsetMs.toFixed(2)} ± ${offsetA.errorMs.toFixed(2)} ms, B ${offsetB.offsetMs.toFixed(2)} ± ${offsetB.errorMs.toFixed(2)} ms`);
  console.log(`time-left difference between the two clients, ${transitions} transitions: ${format(differences)}`);
  console.log(`segment-end lateness after the deadline, ${segmentEnds} ends (poll every ${nodeA.config.TIMER_POLL_MS} ms): ${format(lateness)}`);
  interviewer.close();
  candidate.close();
} finally {
  await Promise.all(nodes.map((node) => node.close()));
  await redis.stop();
}
// Done: end here rather than wait on a handle some closed server or client left (the process stayed alive after its figures).
process.exit();
