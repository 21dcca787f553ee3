// Room write cost against the room's age: the p50 of the room store's `updateRoom` (a question push's write) in
// a room at round 30, the most a room holds, its 29 rounds run through the real path — three questions pushed,
// the scorecard submitted, the roles swapped — by typed clients on a real server and Redis, and in a room at
// round 1 with the same two people. The two rooms' writes are timed in turn, at the same moment, so that what the
// process and Redis went through in those rounds (a larger heap, a fuller Redis) weighs on both alike.
// Run alone with `pnpm bench:writes`; `pnpm bench:load` runs it too.
import type { RoomClient } from "@mockloop/protocol/client";
import { loadQuestionBank } from "@mockloop/questions";
import { connectClient, createRoom, limitsOff, scorecardSubmission, startRedis, uniquePrefix } from "@mockloop/test-support";
import { pathToFileURL } from "node:url";
import { maxRoundsPerRoom } from "../src/core/room-record.ts";
import { startServer, type RunningServer } from "../src/index.ts";
import { hotRecordText } from "../src/store/redis/room-store.ts";
import { percentile } from "./load/stats.ts";

/** A round asks three questions of the stage. */
const questionIds = loadQuestionBank()
  .questionsForStage("amazon-tpm", "phone-interview")
  .slice(0, 3)
  .map((question) => question.id);

async function timeWrite(server: RunningServer, roomId: string, index: number): Promise<number> {
  const started = performance.now();
  await server.store.updateRoom(roomId, (room) => {
    room.currentQuestionId = questionIds[index % questionIds.length] ?? null;
    return { room, result: undefined };
  });
  return performance.now() - started;
}

export interface WriteFigures {
  round1P50: number;
  lastRoundP50: number;
  lastRound: number;
  /** The hot record's size in JSON at each end (bytes): what every write carries. */
  round1Bytes: number;
  lastRoundBytes: number;
  /** The past rounds' size in JSON at the end (bytes): stored apart, written when a round ends. */
  lastRoundPastBytes: number;
}

export async function measureWrites(redisUrl: string, samples = 300): Promise<WriteFigures> {
  const server = await startServer({ port: 0, host: "127.0.0.1", env: { ...limitsOff, REDIS_URL: redisUrl, REDIS_KEY_PREFIX: uniquePrefix("writes"), LOG_LEVEL: "warn", WEB_DIST_DIR: "/nonexistent" } });
  const clients: RoomClient[] = [];
  try {
    const roomId = await createRoom(server.url);
    const joinBoth = async (id: string) => {
      const [first, second] = [await connectClient(server.url), await connectClient(server.url)];
      clients.push(first, second);
      await first.join({ roomId: id, name: "Ada", role: "interviewer" });
      await second.join({ roomId: id, name: "Bo", role: "candidate" });
      return [first, second] as const;
    };
    const [first, second] = await joinBoth(roomId);
    const size = async (id: string) => {
      const room = await server.store.getRoom(id);
      return room ? hotRecordText(room).length : 0;
    };
    const pastSize = async (id: string) => JSON.stringify((await server.store.getRoom(id))?.pastRounds ?? []).length;

    let interviewer = first;
    let candidate = second;
    for (let round = 1; round < maxRoundsPerRoom; round++) {
      for (const questionId of questionIds) await interviewer.pushQuestion(questionId);
      await interviewer.submitScorecard(scorecardSubmission({ recommendation: "inclined", strengths: "Clear structure.", areasToWorkOn: "Quantify impact." }));
      await interviewer.swapRoles();
      [interviewer, candidate] = [candidate, interviewer];
    }
    const lastRound = (await server.store.getRoom(roomId))?.round ?? 0;
    const freshId = await createRoom(server.url);
    await joinBoth(freshId);

    const round1: number[] = [];
    const last: number[] = [];
    for (let i = 0; i < 50; i++) await Promise.all([timeWrite(server, roomId, i), timeWrite(server, freshId, i)]);
    for (let i = 0; i < samples; i++) {
      last.push(await timeWrite(server, roomId, i));
      round1.push(await timeWrite(server, freshId, i));
    }
    return {
      round1P50: percentile(round1, 50),
      lastRoundP50: percentile(last, 50),
      lastRound,
      round1Bytes: await size(freshId),
      lastRoundBytes: await size(roomId),
      lastRoundPastBytes: await pastSize(roomId),
    };
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
    console.log(`room write (updateRoom) p50 at round ${figures.lastRound}: ${figures.lastRoundP50.toFixed(3)} ms (record ${figures.lastRoundBytes} B; past rounds apart, ${figures.lastRoundPastBytes} B)`);
  } finally {
    await redis.stop();
  }
  // Done: end here rather than wait on a handle the in-process server left.
  process.exit();
}
