import type { RoomUpdate } from "../../core/room-store.ts";
import type { RoomWorkIndex } from "./port.ts";
import type { EndedSegment } from "./timer-rules.ts";
import type { TimerService } from "./timer-service.ts";

export interface TimerSchedulerDeps {
  index: RoomWorkIndex;
  timers: TimerService;
  /** The longest wait between two looks for due rooms (ms); a look also wakes at the next known deadline. */
  pollMs: number;
  /** Announces segment ends, on the one node that applied them. */
  announceEnds: (update: RoomUpdate<EndedSegment[]>) => Promise<void>;
  /** Looks at a due room with no end to apply: resends what its node did not confirm, and settles it in the index. */
  settle: (roomId: string) => Promise<void>;
  onError: (error: unknown) => void;
  /** Rooms handled per poll at most (per shard of the index). */
  batchSize?: number;
}

/**
 * Detects segment ends on the server, not in a client and not in a per-room setTimeout: every node polls the
 * store's work index, and the store's compare-and-set lets exactly one node apply each end. With one node
 * dead, the others still fire it; after a restart, ends that fell due while everything was down are applied
 * on the first poll. The same index brings back any change whose node died before announcing it.
 */
export class TimerScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private current: Promise<void> | undefined;
  private completedPolls = 0;

  constructor(private readonly deps: TimerSchedulerDeps) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.current;
  }

  /**
   * One pass over the due rooms; resolves with how long to wait before the next (ms). Exposed so tests can
   * drive it without waiting on a clock.
   */
  async poll(): Promise<number> {
    const due = await this.deps.index.takeDue(this.deps.batchSize ?? 100);
    const handled = await Promise.allSettled(
      due.roomIds.map(async (roomId) => {
        const outcome = await this.deps.timers.expire(roomId);
        if (!outcome) await this.deps.index.clearDue(roomId);
        else if (outcome.ended.length > 0) await this.deps.announceEnds(outcome.update);
        else await this.deps.settle(roomId);
      }),
    );
    // A room that failed stays claimed until its lease ends, then comes back: report, and go on with the others.
    for (const result of handled) if (result.status === "rejected") this.deps.onError(result.reason);
    this.completedPolls += 1;
    // Wake at the next deadline when it comes before the regular look, so ends are not late by a poll period.
    // Deadlines set later by another node are still found by the regular look.
    if (due.nextDueAt === null) return this.deps.pollMs;
    return Math.max(0, Math.min(this.deps.pollMs, due.nextDueAt - due.now));
  }

  /** Polls completed so far: a test waits for a few more to know every node has looked (a quiet window without a sleep). */
  get polls(): number {
    return this.completedPolls;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.current = this.poll().then(
        (nextDelayMs) => {
          if (this.running) this.schedule(nextDelayMs);
        },
        (error: unknown) => {
          this.deps.onError(error);
          if (this.running) this.schedule(this.deps.pollMs);
        },
      );
    }, delayMs);
    // A pending poll should not keep a process alive that is otherwise done.
    this.timer.unref();
  }
}
