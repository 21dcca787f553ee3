import type { QueueStatus } from "@mockloop/protocol";

export interface StatusCoalescerDeps {
  /** The least time between two publications of one line's places. */
  intervalMs: number;
  /** Reads the line (or uses `known`, read just now) and tells every request in it where it stands. */
  publish(trackId: string, stageId: string, known?: readonly QueueStatus[]): Promise<void>;
  onError(error: unknown): void;
  now?: () => number;
}

interface Line {
  lastAt: number;
  trailing: NodeJS.Timeout | undefined;
}

/**
 * Coalesces the places in line a node sends: every change to a line would otherwise tell everyone in it where
 * they stand, which grows with the square of the line as it fills. A change publishes at once when the line
 * was quiet for `intervalMs`; changes within that time are published together when it is over, from the line
 * as it is then, so the latest place always arrives. Each request so hears at most one status per interval
 * from each node that changes its line.
 */
export class StatusCoalescer {
  private readonly lines = new Map<string, Line>();
  private readonly now: () => number;

  constructor(private readonly deps: StatusCoalescerDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** The line of a stage changed; `known` is its places if the caller has just read them. */
  changed(trackId: string, stageId: string, known?: readonly QueueStatus[]): void {
    const key = `${trackId}/${stageId}`;
    const line = this.lines.get(key) ?? { lastAt: -Infinity, trailing: undefined };
    this.lines.set(key, line);
    // A publication is already due; it reads the line when it goes, so this change is in it.
    if (line.trailing) return;
    const wait = line.lastAt + this.deps.intervalMs - this.now();
    if (wait <= 0) return this.publish(line, trackId, stageId, known);
    line.trailing = setTimeout(() => {
      line.trailing = undefined;
      this.publish(line, trackId, stageId);
    }, wait);
  }

  /** Drops the publications still due (shutting down). */
  stop(): void {
    for (const line of this.lines.values()) clearTimeout(line.trailing);
    this.lines.clear();
  }

  private publish(line: Line, trackId: string, stageId: string, known?: readonly QueueStatus[]): void {
    line.lastAt = this.now();
    void this.deps.publish(trackId, stageId, known).catch(this.deps.onError);
  }
}
