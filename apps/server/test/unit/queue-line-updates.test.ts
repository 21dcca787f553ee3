import type { QueueStatus } from "@mockloop/protocol";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SharedLineReads } from "../../src/features/queue/line-reads.ts";
import { StatusCoalescer } from "../../src/features/queue/status-coalescer.ts";

const status = (waiting: number): QueueStatus[] => [{ ticketId: "ticket-0001", position: 1, waiting }];

describe("places in line, coalesced", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("publishes a change to a quiet line at once, and the changes of the next second together, from the line as it is then", async () => {
    let line = 1;
    const published: string[] = [];
    const coalescer = new StatusCoalescer({
      intervalMs: 1_000,
      publish: async (_trackId, stageId, known) => {
        published.push(`${stageId}:${known ? "known" : `read ${line}`}`);
      },
      onError: (error) => {
        throw error;
      },
      now: () => Date.now(),
    });
    coalescer.changed("t", "a", status(1));
    expect(published).toEqual(["a:known"]);
    for (line = 2; line <= 5; line++) coalescer.changed("t", "a", status(line));
    line = 5;
    // Another stage's line is its own.
    coalescer.changed("t", "b");
    expect(published).toEqual(["a:known", "b:read 5"]);
    await vi.advanceTimersByTimeAsync(999);
    expect(published).toHaveLength(2);
    line = 6;
    await vi.advanceTimersByTimeAsync(1);
    expect(published).toEqual(["a:known", "b:read 5", "a:read 6"]);
    // Quiet for a second again: the next change goes at once.
    await vi.advanceTimersByTimeAsync(1_000);
    coalescer.changed("t", "a", status(7));
    expect(published.at(-1)).toBe("a:known");
    coalescer.changed("t", "a");
    coalescer.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(published).toHaveLength(4);
  });
});

describe("shared reads of a line", () => {
  it("runs at most one read and queues one more, which starts after the running one and serves everyone who asked meanwhile", async () => {
    const reads: { resolve: (statuses: QueueStatus[]) => void }[] = [];
    const shared = new SharedLineReads(() => new Promise((resolve) => reads.push({ resolve })));
    const first = shared.read("t", "a");
    const waiting = [shared.read("t", "a"), shared.read("t", "a"), shared.read("t", "a")];
    expect(reads).toHaveLength(1);
    reads[0]?.resolve(status(1));
    expect(await first).toEqual(status(1));
    await vi.waitFor(() => expect(reads).toHaveLength(2));
    reads[1]?.resolve(status(4));
    expect(await Promise.all(waiting)).toEqual([status(4), status(4), status(4)]);
    // Nothing under way: the next read starts at once.
    const later = shared.read("t", "a");
    expect(reads).toHaveLength(3);
    reads[2]?.resolve(status(5));
    expect(await later).toEqual(status(5));
  });
});
