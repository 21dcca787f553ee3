// Room write cost against the room's age: the p50 of the room store's `updateRoom` (a question push's write) at
// round 1 and at round 30, the most a room holds, with the 29 rounds between run through the real path — three
// questions pushed, the scorecard submitted, the roles swapped — by typed clients on a real server and Redis.
// Run alone with `pnpm bench:writes`; `pnpm bench:load` runs it too.
import type { RoomClient } from "@mockloop/protocol/client";
import { loadQuestionBank } from "@mockloop/questions";
import { connectClient, createRoom, limitsOff, scorecardSubmission, startRedis, uniquePrefix } from "@mockloop/test-support";
import { pathToFileURL } from "node:url";
import { maxRoundsPerRoom } from "../src/core/room-record.ts";
import { startServer, type RunningServer } from "../src/index.ts";
import { percentile } from "./load/stats.ts";

/** A round asks three questions of the stage. */
const questionIds = loadQuestionBank()
  .questionsForStage("amazon-tpm", "phone-interview")
  .slice(0, 3)
  .map((question) => question.id);

async function timeWrites(server: RunningServer, roomId: string, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await server.store.updateRoom(roomId, (room) => {
      room.currentQuestionId = questionIds[i % questionIds.length] ?? null;
      return { room, result: undefined };
    });
    times.push(performance.now() - started);
  }
  return times;
}

export interface WriteFigures {
  round1P50: number;
  lastRoundP50: number;
  lastRound: number;
  /** The hot record's size in JSON at each end (bytes). */
  round1Bytes: number;
  lastRoundBytes: number;
}

export async function measureWrites(redisUrl: string, samples = 300): Promise<WriteFigures> {
  const server = await startServer({ port: 0, host: "127.0.0.1", env: { ...limitsOff, REDIS_URL: redisUrl, REDIS_KEY_PREFIX: uniquePrefix("writes"), LOG_LEVEL: "warn", WEB_DIST_DIR: "/nonexistent" } });
  const clients: RoomClient[] = [];
  try {
    const roomId = await createRoom(server.url);
    const [first, second] = [await connectClient(server.url), await connectClient(server.url)];
    clients.push(first, second);
    await first.join({ roomId, name: "Ada", role: "interviewer" });
    await second.join({ roomId, name: "Bo", role: "candidate" });
    const size = async () => JSON.stringify(await server.store.getRoom(roomId)).length;

    await timeWrites(server, roomId, 50);
    const round1 = await timeWrites(server, roomId, samples);
    const round1Bytes = await size();

    let interviewer = first;
    let candidate = second;
    for (let round = 1; round < maxRoundsPerRoom; round++) {
      for (const questionId of questionIds) await interviewer.pushQuestion(questionId);
      await interviewer.submitScorecard(scorecardSubmission({ recommendation: "inclined", strengths: "Clear structure.", areasToWorkOn: "Quantify impact." }));
      await interviewer.swapRoles();
      [interviewer, candidate] = [candidate, interviewer];
    }
    const lastRound = (await server.store.getRoom(roomId))?.round ?? 0;
    await timeWrites(server, roomId, 50);
    const last = await timeWrites(server, roomId, samples);
    return { round1P50: percentile(round1, 50), lastRoundP50: percentile(last, 50), lastRound, round1Bytes, lastRoundBytes: await size() };
  } finally {
    for (const client of clients) client.close();
    await server.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const redis = await startRedis();
  try {
    const figures = await measureWrites(redis.url);
    console.log(`room write (updateRoom) p50 at round 1: ${figures.round1P50.toFixed(3)} ms (record ${figures.round1Bytes} B)`);
    console.log(`room write (updateRoom) p50 at round ${figures.lastRound}: ${figures.lastRoundP50.toFixed(3)} ms (record ${figures.lastRoundBytes} B)`);
  } finally {
    await redis.stop();
  }
  // Done: end here rather than wait on a handle the in-process server left.
  process.exit();
}
