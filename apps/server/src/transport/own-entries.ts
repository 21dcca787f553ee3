import type { ChannelBroadcast } from "../core/room-store.ts";

/** The field and value that mark an entry a node appends with a room's write (`streamEntryOf`). */
export const WRITTEN_WITH_ROOM = ["with", "room-write"] as const;

/**
 * How many answered offsets wait to be read back at most: a bound for entries never read back (trimmed from the
 * stream unread, or lost with Redis's data); the oldest go first.
 */
const ANSWERED_KEPT = 100_000;

/**
 * The entries this node appends to the stream in its room writes. The node delivers those to its own
 * connections itself once the write answers with their offsets (the adapter skips its own entries when it
 * reads them back). When Redis ran the write but its answer was lost (Redis died between, or the connection
 * did), the node never learned the offsets and its people would never get those entries, while every other
 * node's would: so an entry it reads back that no answered write appended is delivered from the stream.
 *
 * An entry read back while writes that may have appended it are still out waits until they have answered or
 * failed: the answer of a write and the stream's copy of what it appended come on different connections, in
 * either order. Whoever delivers this node's entries listens (`onUnanswered`).
 */
export class OwnEntries {
  private writesStarted = 0;
  /** Writes out, by the order they started in (a Set iterates in insertion order: the first is the oldest). */
  private readonly writesOut = new Set<number>();
  /** Offsets answered writes appended, which the node delivers itself, until they are read back (oldest first). */
  private readonly answered = new Set<string>();
  /** Entries read back while a write that started earlier was still out, oldest first. */
  private readonly waiting: { offset: string; entry: () => ChannelBroadcast; afterWrite: number }[] = [];
  private readonly listeners: ((broadcast: ChannelBroadcast, offset: string) => void)[] = [];

  constructor(private readonly answeredKept = ANSWERED_KEPT) {}

  /** Hears each entry read back that no answered write appended, with its offset. */
  onUnanswered(listener: (broadcast: ChannelBroadcast, offset: string) => void): void {
    this.listeners.push(listener);
  }

  /** Runs a write that may append entries; `appendedBy` reads from its answer the offsets it appended. */
  async write<A>(run: () => Promise<A>, appendedBy: (answer: A) => readonly (string | undefined)[]): Promise<A> {
    const id = ++this.writesStarted;
    this.writesOut.add(id);
    try {
      const answer = await run();
      for (const offset of appendedBy(answer)) if (offset) this.remember(offset);
      return answer;
    } finally {
      this.writesOut.delete(id);
      this.settleWaiting();
    }
  }

  /** One of this node's entries, read back from the stream (`entry` decodes it, only when it is needed). */
  readBack(offset: string, entry: () => ChannelBroadcast): void {
    if (this.answered.delete(offset)) return;
    if (this.writesOut.size === 0) return this.unanswered(offset, entry);
    this.waiting.push({ offset, entry, afterWrite: this.writesStarted });
  }

  /** Decides each waiting entry once every write that started before it was read has answered or failed. */
  private settleWaiting(): void {
    const [oldestOut] = this.writesOut;
    while (this.waiting.length > 0) {
      const next = this.waiting[0]!;
      if (oldestOut !== undefined && oldestOut <= next.afterWrite) return;
      this.waiting.shift();
      if (!this.answered.delete(next.offset)) this.unanswered(next.offset, next.entry);
    }
  }

  private unanswered(offset: string, entry: () => ChannelBroadcast): void {
    const broadcast = entry();
    for (const listener of this.listeners) listener(broadcast, offset);
  }

  private remember(offset: string): void {
    this.answered.add(offset);
    if (this.answered.size > this.answeredKept) {
      const [oldest] = this.answered;
      if (oldest !== undefined) this.answered.delete(oldest);
    }
  }
}
