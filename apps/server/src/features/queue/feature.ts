import type { QuestionBank } from "@mockloop/questions";
import type { StoreClock } from "../../core/clock.ts";
import { periodic } from "../../core/periodic.ts";
import type { RoomServer } from "../../transport/socket-kit.ts";
import type { RoomService } from "../room/index.ts";
import { createQueueHandlers } from "./handlers.ts";
import { MatchmakingService } from "./matchmaking-service.ts";
import type { QueueStore } from "./port.ts";

export interface QueueFeatureDeps {
  io: RoomServer;
  queue: QueueStore;
  rooms: RoomService;
  bank: QuestionBank;
  now: StoreClock;
  timeoutMs: number;
  sweepMs: number;
  /** How often this node records itself alive to the queue's store (`QueueStore.keepNodeAlive`). */
  heartbeatMs: number;
  onError: (error: unknown) => void;
}

/** The "find a partner" queue: pairing, places in line, and a sweep on every node that withdraws requests that waited too long. */
export function createQueueFeature({ io, queue, rooms, bank, now, timeoutMs, sweepMs, heartbeatMs, onError }: QueueFeatureDeps) {
  const matchmaking = new MatchmakingService({ queue, rooms, bank });
  // One place-in-line message a second per request is plenty for a person watching it.
  const socket = createQueueHandlers({ io, matchmaking, statusIntervalMs: 1_000, onError });
  let sweeps = 0;
  // Every node sweeps; the store hands each expired request to exactly one of them.
  const sweep = async () => {
    const expired = await matchmaking.expire(timeoutMs);
    if (expired.length > 0) await socket.publishExpired(expired, await now());
    sweeps += 1;
  };
  const sweeper = periodic(sweep, { everyMs: sweepMs, runAtStart: false, onError });
  // Other nodes leave this node's requests out of every pairing, and take them out of line, once it stops
  // recording itself alive: it died with them, or its Redis was out of reach for a while. In that second case it
  // puts them back (until that has gone through, it tries again at every beat).
  let putBackPending = false;
  const heartbeat = async () => {
    if (await matchmaking.keepNodeAlive()) putBackPending = true;
    if (!putBackPending) return;
    await socket.reinstateWaiting();
    putBackPending = false;
  };
  const beating = periodic(heartbeat, { everyMs: heartbeatMs, runAtStart: true, onError });
  return {
    service: matchmaking,
    handlers: socket.handlers,
    onDisconnect: socket.onDisconnect,
    /** Sweeps completed so far: a test waits for a few more instead of sleeping through a quiet window. */
    sweeps: () => sweeps,
    start: () => {
      beating.start();
      sweeper.start();
    },
    stop: async () => {
      socket.stop();
      await Promise.all([sweeper.stop(), beating.stop()]);
    },
  };
}
