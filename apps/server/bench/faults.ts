// Fault script: real server processes on a real redis-server (append-only), killed with SIGKILL and restarted.
// Prints the counts the faults issue asks for. Run: pnpm faults (a few minutes; FAULTS_* scale it down).
import { emptyScorecardContent, type SegmentEnded } from "@mockloop/protocol";
import type { RoomClient } from "@mockloop/protocol/client";
import { connectClient, createRoom, limitsOff, readMetric, spawnServerNode, startBalancer, startRedis, uniquePrefix, waitFor, type NodeProcess, type TestRedis } from "@mockloop/test-support";
import { Redis } from "ioredis";
import { timerDueAt } from "../src/features/timer/index.ts";
import { newTimer } from "../src/features/timer/timer-rules.ts";
import { RedisRoomStore } from "../src/store/redis/room-store.ts";

const redisKills = Number(process.env.FAULTS_REDIS_KILLS ?? 10);
const nodeKills = Number(process.env.FAULTS_NODE_KILLS ?? 200);
const redisRestarts = Number(process.env.FAULTS_REDIS_RESTARTS ?? 10);
const presenceRuns = Number(process.env.FAULTS_PRESENCE_RUNS ?? 5);
const commandKills = Number(process.env.FAULTS_COMMAND_KILLS ?? 30);

const results: [string, string, string][] = [];
const record = (measure: string, figure: string, target: string) => {
  results.push([measure, figure, target]);
  console.log(`  ${measure}: ${figure} (target ${target})`);
};
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Cluster {
  redis: TestRedis;
  keyPrefix: string;
  nodes: NodeProcess[];
  clients: RoomClient[];
  spawn(env?: Record<string, string>): Promise<NodeProcess>;
  connect(node: NodeProcess): Promise<RoomClient>;
  /** The store, written directly (to set up short timer plans). */
  store: RedisRoomStore;
  close(): Promise<void>;
}

/** Clusters not closed yet: a scenario that throws leaves its nodes to the loop at the end, which ends them. */
const openClusters = new Set<Cluster>();

async function startCluster(redis: TestRedis, env: Record<string, string> = {}): Promise<Cluster> {
  const keyPrefix = uniquePrefix("faults");
  const nodes: NodeProcess[] = [];
  const clients: RoomClient[] = [];
  const direct = new Redis(redis.url);
  direct.on("error", () => undefined);
  // Thousands of requests from one address on purpose: the limits would measure themselves, not the faults.
  const baseEnv = { ...limitsOff, REDIS_URL: redis.url, REDIS_KEY_PREFIX: keyPrefix, TIMER_POLL_MS: "10", ...env };
  const cluster: Cluster = {
    redis,
    keyPrefix,
    nodes,
    clients,
    spawn: async (extra = {}) => {
      const node = await spawnServerNode({ env: { ...baseEnv, ...extra } });
      nodes.push(node);
      return node;
    },
    connect: async (node) => {
      const client = await connectClient(node.url, { socket: { reconnection: false } });
      clients.push(client);
      return client;
    },
    store: new RedisRoomStore(direct, { keyPrefix, roomTtlMs: 86_400_000, dueAt: timerDueAt }),
    close: async () => {
      openClusters.delete(cluster);
      for (const client of clients) client.close();
      await Promise.all(nodes.map((node) => node.kill()));
      direct.disconnect();
    },
  };
  openClusters.add(cluster);
  return cluster;
}

async function pair(cluster: Cluster, interviewerNode: NodeProcess, candidateNode: NodeProcess) {
  const roomId = await createRoom(interviewerNode.url);
  const interviewer = await cluster.connect(interviewerNode);
  const candidate = await cluster.connect(candidateNode);
  await interviewer.join({ roomId, name: "Iris", role: "interviewer" });
  await candidate.join({ roomId, name: "Cam", role: "candidate" });
  return { roomId, interviewer, candidate };
}

/** A plan of many short segments, so deadlines fall all the time. */
async function useShortPlan(cluster: Cluster, roomId: string, segments: number, segmentMs: number) {
  await cluster.store.updateRoom(roomId, (room) => ({
    room: { ...room, timer: newTimer(Array.from({ length: segments }, (_, i) => ({ id: `part-${i + 1}`, name: `Part ${i + 1}`, durationMs: segmentMs }))) },
    result: null,
  }));
}

/** Ends each client received, deduplicated as the client does (by version and segment). */
function endsOf(client: RoomClient): Set<string> {
  const seen = new Set<string>();
  client.on("timer:segment-ended", (end: SegmentEnded) => seen.add(end.segmentId));
  return seen;
}

async function redisKillsUnderLoad(redis: TestRedis) {
  console.log(`\n1. Redis killed ${redisKills} times under write load (draft saves and question pushes)`);
  const cluster = await startCluster(redis);
  const [a, b] = [await cluster.spawn(), await cluster.spawn()];
  const rooms = await Promise.all(Array.from({ length: 40 }, (_, i) => pair(cluster, i % 2 ? a : b, i % 2 ? b : a)));
  let requests = 0;
  let running = true;
  const ackedVersions = new Map<string, number>();
  const unavailableWaits: number[] = [];
  const load = rooms.map(async ({ roomId, interviewer }) => {
    let version = 0;
    for (let i = 0; running; i++) {
      const sent = Date.now();
      const saved = await interviewer.saveScorecardDraft({ ...emptyScorecardContent(), strengths: `save ${i}` }, version);
      requests += 1;
      if (saved.ok) {
        version = saved.data.version;
        ackedVersions.set(roomId, version);
      } else if (saved.error.code === "STORE_UNAVAILABLE") unavailableWaits.push(Date.now() - sent);
      else if (saved.error.code === "DRAFT_CONFLICT") version = Number((saved.error.details?.latest as { version?: number } | undefined)?.version ?? version);
      await interviewer.request("question:push", { questionId: i % 2 ? "tech-tcp-vs-udp" : "lp-most-complex-program" });
      requests += 1;
      await pause(30);
    }
  });
  const started = Date.now();
  for (let kill = 0; kill < redisKills; kill++) {
    await pause(1_000);
    await redis.restart(() => pause(500 + Math.random() * 1_000), { signal: "SIGKILL" });
  }
  await pause(1_000);
  running = false;
  await Promise.all(load);
  const rate = Math.round(requests / ((Date.now() - started) / 1000));
  const exits = [a, b].filter((node) => node.exitCode() !== null).length;
  let lost = 0;
  for (const { roomId, interviewer } of rooms) {
    const stored = await interviewer.getScorecardDraft().catch(() => undefined);
    if (!stored || stored.version < (ackedVersions.get(roomId) ?? 0)) lost += 1;
  }
  record("node exits over the Redis kills", `${exits} of 2 nodes (${rate} requests/s offered)`, "0");
  record("rooms with an acked draft save lost", `${lost} of ${rooms.length}`, "0");
  record("STORE_UNAVAILABLE answer during an outage, slowest", `${Math.max(0, ...unavailableWaits)} ms over ${unavailableWaits.length} answers`, "≤ 1,000 ms");
  await cluster.close();
}

async function nodeKillsAroundDeadlines(redis: TestRedis) {
  console.log(`\n2. ${nodeKills} node SIGKILLs around segment deadlines`);
  const cluster = await startCluster(redis);
  const serving = await cluster.spawn();
  // Two doomed pollers: one is killed while the other's replacement starts, so kills come about every second.
  const doomed: Promise<NodeProcess>[] = [cluster.spawn(), cluster.spawn()];
  const segmentMs = 300;
  const rooms = await Promise.all(Array.from({ length: 10 }, () => pair(cluster, serving, serving)));
  const received = rooms.map(({ candidate }) => endsOf(candidate));
  for (const [index, { roomId, interviewer }] of rooms.entries()) {
    await useShortPlan(cluster, roomId, 2_000, segmentMs);
    await pause((segmentMs / rooms.length) * index);
    await interviewer.startTimer();
  }
  for (let kill = 0; kill < nodeKills; kill++) {
    // Deadlines fall every 30 ms across the rooms, so every kill lands within a few ms of one.
    const victim = await doomed[kill % 2]!;
    await victim.kill();
    doomed[kill % 2] = cluster.spawn();
    if ((kill + 1) % 25 === 0) console.log(`  ${kill + 1} kills`);
  }
  await Promise.all(doomed);
  // Stop the clocks, let any resend due run (grace and lease are a second each), then count what arrived.
  for (const { interviewer } of rooms) await interviewer.pauseTimer();
  await pause(3_000);
  let lost = 0;
  let delivered = 0;
  const missing: string[] = [];
  for (const [index, { roomId }] of rooms.entries()) {
    const room = await cluster.store.getRoom(roomId);
    const ended = room?.timer.segmentIndex ?? 0;
    for (let segment = 1; segment <= ended; segment++) {
      if (received[index]?.has(`part-${segment}`)) delivered += 1;
      else {
        lost += 1;
        missing.push(`room ${index} part-${segment}`);
      }
    }
  }
  if (missing.length > 0) console.log(`  missing: ${missing.slice(0, 20).join(", ")}`);
  record("segment ends lost to connected clients across node kills", `${lost} of ${lost + delivered}`, "0");
  await cluster.close();
}

async function redisRestartsDuringRounds(redis: TestRedis) {
  console.log(`\n3. ${redisRestarts} Redis restarts while rounds run (clients on both nodes)`);
  const cluster = await startCluster(redis);
  const [a, b] = [await cluster.spawn(), await cluster.spawn()];
  const rooms = await Promise.all(Array.from({ length: 10 }, () => pair(cluster, a, b)));
  const received = rooms.flatMap(({ interviewer, candidate }) => [endsOf(interviewer), endsOf(candidate)]);
  for (const { roomId, interviewer } of rooms) {
    // Long enough to outlast the restarts, short enough that the room's patches (which carry the plan) stay small:
    // the Redis log grows with them, and every restart reloads it.
    await useShortPlan(cluster, roomId, 150, 250);
    await interviewer.startTimer();
  }
  for (let restart = 0; restart < redisRestarts; restart++) {
    await pause(1_000);
    await redis.restart(() => pause(300 + Math.random() * 700), { signal: "SIGKILL" });
  }
  // Back when a request is answered by the store again (a timer that ran out answers TIMER_CONFLICT, which is fine).
  let lastAnswer = "";
  await waitFor(async () => {
    const ack = await rooms[0]!.interviewer.request("timer:pause", {});
    lastAnswer = ack.ok ? "ok" : `${ack.error.code}: ${ack.error.message}`;
    return ack.ok || !["STORE_UNAVAILABLE", "NO_ANSWER", "INTERNAL"].includes(ack.error.code);
  }, "Redis to be back", 30_000).catch((error: unknown) => {
    throw new Error(`${(error as Error).message}; last answer ${lastAnswer}`);
  });
  for (const { interviewer } of rooms.slice(1)) await interviewer.request("timer:pause", {});
  await pause(3_000);
  let lost = 0;
  let delivered = 0;
  for (const [index, { roomId }] of rooms.entries()) {
    const ended = (await cluster.store.getRoom(roomId))?.timer.segmentIndex ?? 0;
    for (const seen of [received[index * 2], received[index * 2 + 1]]) {
      for (let segment = 1; segment <= ended; segment++) {
        if (seen?.has(`part-${segment}`)) delivered += 1;
        else lost += 1;
      }
    }
  }
  record("segment-end deliveries lost across Redis restarts", `${lost} of ${lost + delivered}`, "0");
  // How often a node heard no answer from a write Redis ran, and delivered what it appended from the stream instead.
  const lostAnswerEntries = await Promise.all([a, b].map(async (node) => (await readMetric(node.url, "mockloop_lost_answer_entries_total")) ?? 0));
  console.log(`  entries delivered from the stream after a write's answer was lost: ${lostAnswerEntries.join(" and ")} (nodes a and b)`);
  await cluster.close();
}

async function presenceAfterKill(redis: TestRedis) {
  console.log(`\n4. presence after a node is SIGKILLed (${presenceRuns} runs)`);
  const cluster = await startCluster(redis);
  const watcherNode = await cluster.spawn();
  const times: number[] = [];
  for (let run = 0; run < presenceRuns; run++) {
    const doomed = await cluster.spawn();
    const roomId = await createRoom(watcherNode.url);
    const watcher = await cluster.connect(watcherNode);
    await watcher.join({ roomId, name: "Iris", role: "interviewer" });
    const candidate = await cluster.connect(doomed);
    const joined = await candidate.join({ roomId, name: "Cam", role: "candidate" });
    const online = () => watcher.getState()?.participants.find((p) => p.id === joined.participant.id)?.connected;
    await waitFor(() => online() === true, "the candidate online");
    const killedAt = Date.now();
    await doomed.kill();
    await waitFor(() => online() === false, "the candidate offline", 30_000);
    times.push(Date.now() - killedAt);
  }
  record("time until a killed node's people show offline, slowest", `${(Math.max(...times) / 1000).toFixed(1)} s`, "≤ 10 s");
  await cluster.close();
}

async function commandsAcrossNodeKills(redis: TestRedis) {
  console.log(`\n5. ${commandKills} node SIGKILLs while timer commands are out (interviewers behind a balancer)`);
  const cluster = await startCluster(redis);
  const steady = await cluster.spawn();
  // The interviewers' node is killed each time; they reconnect to the other, and the killed one is replaced.
  let holding = await cluster.spawn();
  let spare = await cluster.spawn();
  const balancer = await startBalancer(() => [holding.port, spare.port]);
  const rooms = await Promise.all(
    Array.from({ length: 10 }, async () => {
      const roomId = await createRoom(steady.url);
      const interviewer = await connectClient(`http://127.0.0.1:${balancer.port}`, { socket: { reconnectionDelay: 50, reconnectionDelayMax: 200 } });
      cluster.clients.push(interviewer);
      const candidate = await cluster.connect(steady);
      await interviewer.join({ roomId, name: "Iris", role: "interviewer" });
      await candidate.join({ roomId, name: "Cam", role: "candidate" });
      const room = await cluster.store.getRoom(roomId);
      const counts = { roomId, interviewer, initialMs: room?.timer.segments[0]?.durationMs ?? 0, ok: 0, noAnswer: 0, other: 0, emits: 0 };
      // Emits past one per request: commands the client sent again after their connection dropped.
      interviewer.socket.onAnyOutgoing((event: string) => {
        if (event === "timer:adjust") counts.emits += 1;
      });
      return counts;
    }),
  );
  let running = true;
  const otherAnswers = new Map<string, number>();
  // Each interviewer adds a second to the first segment (the timer idle), one command after the other.
  const load = rooms.map(async (room) => {
    while (running) {
      const ack = await room.interviewer.request("timer:adjust", { deltaMs: 1_000 });
      if (ack.ok) room.ok += 1;
      else if (ack.error.code === "NO_ANSWER") room.noAnswer += 1;
      else {
        room.other += 1;
        otherAnswers.set(ack.error.code, (otherAnswers.get(ack.error.code) ?? 0) + 1);
        await pause(50);
      }
    }
  });
  for (let kill = 0; kill < commandKills; kill++) {
    await pause(200 + Math.random() * 400);
    const victim = holding;
    [holding, spare] = [spare, victim];
    await victim.kill();
    spare = await cluster.spawn();
    if ((kill + 1) % 10 === 0) console.log(`  ${kill + 1} kills`);
  }
  await pause(500);
  running = false;
  await Promise.all(load);
  let sent = 0;
  let acked = 0;
  let unanswered = 0;
  let appliedTwice = 0;
  let ackedLost = 0;
  let resent = 0;
  for (const room of rooms) {
    const stored = await cluster.store.getRoom(room.roomId);
    const applied = ((stored?.timer.segments[0]?.durationMs ?? 0) - room.initialMs) / 1_000;
    sent += room.ok + room.noAnswer;
    resent += room.emits - (room.ok + room.noAnswer + room.other);
    acked += room.ok;
    unanswered += room.noAnswer;
    // Each answered command was applied, each unanswered one at most once: anything past that was applied twice.
    appliedTwice += Math.max(0, applied - room.ok - room.noAnswer);
    ackedLost += Math.max(0, room.ok - applied);
  }
  if (otherAnswers.size > 0) console.log(`  other answers: ${[...otherAnswers].map(([code, count]) => `${code} ×${count}`).join(", ")}`);
  record("timer commands applied twice across node kills", `${appliedTwice} of ${sent} (${acked} answered ok, ${unanswered} NO_ANSWER; ${resent} sent again after a drop)`, "0");
  record("timer commands answered ok but not applied", `${ackedLost} of ${acked}`, "0");
  await balancer.close();
  await cluster.close();
}

const scenarios = [redisKillsUnderLoad, nodeKillsAroundDeadlines, redisRestartsDuringRounds, presenceAfterKill, commandsAcrossNodeKills];
// FAULTS_ONLY=3 (or 1,3): only those scenarios, by their printed numbers.
const only = process.env.FAULTS_ONLY?.split(",").map(Number);
// Each scenario on a fresh redis-server, so one's data does not slow the next one's restarts.
for (const scenario of scenarios.filter((_, index) => !only || only.includes(index + 1))) {
  const redis = await startRedis({ appendOnly: true });
  try {
    await scenario(redis);
  } finally {
    for (const cluster of openClusters) await cluster.close();
    await redis.stop();
  }
}
console.log("\n| measure | figure | target |\n| --- | --- | --- |");
for (const [measure, figure, target] of results) console.log(`| ${measure} | ${figure} | ${target} |`);
