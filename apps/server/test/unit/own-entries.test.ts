import { describe, expect, it } from "vitest";
import type { ChannelBroadcast } from "../../src/core/room-store.ts";
import { OwnEntries } from "../../src/transport/own-entries.ts";

/** A write whose answer the test gives (the offsets it appended) or withholds (it fails, as when the answer was lost). */
function pendingWrite(entries: OwnEntries) {
  let answer!: (offsets: string[]) => void;
  let fail!: (error: Error) => void;
  const done = entries
    .write(
      () =>
        new Promise<string[]>((resolve, reject) => {
          answer = resolve;
          fail = reject;
        }),
      (offsets) => offsets,
    )
    .catch(() => undefined);
  return { answer: async (...offsets: string[]) => (answer(offsets), done), fail: async () => (fail(new Error("connection closed")), done) };
}

function ledger() {
  const entries = new OwnEntries();
  const unanswered: string[] = [];
  entries.onUnanswered((broadcast, offset) => unanswered.push(`${offset} ${broadcast.event}`));
  const readBack = (offset: string) => entries.readBack(offset, () => ({ to: ["room:r1"], except: [], event: "room:patch", payload: {} }) as unknown as ChannelBroadcast);
  return { entries, unanswered, readBack };
}

describe("this node's entries read back from the stream", () => {
  it("leaves to the node the entries an answered write appended, whichever comes first", async () => {
    const { entries, unanswered, readBack } = ledger();
    // The answer first, then the stream's copy.
    await pendingWrite(entries).answer("1-0", "1-1");
    readBack("1-0");
    readBack("1-1");
    // The stream's copy first: it waits for the write, whose answer then names it.
    const write = pendingWrite(entries);
    readBack("2-0");
    await write.answer("2-0");
    expect(unanswered).toEqual([]);
  });

  it("tells of an entry whose write failed, once it is read back and once its write has failed", async () => {
    const { entries, unanswered, readBack } = ledger();
    const write = pendingWrite(entries);
    readBack("3-0");
    expect(unanswered).toEqual([]);
    await write.fail();
    expect(unanswered).toEqual(["3-0 room:patch"]);
    // Read back after its write failed (Redis came back, the reader read on): told at once.
    readBack("3-1");
    expect(unanswered).toEqual(["3-0 room:patch", "3-1 room:patch"]);
  });

  it("makes an entry wait only for the writes that started before it was read", async () => {
    const { entries, unanswered, readBack } = ledger();
    const earlier = pendingWrite(entries);
    readBack("4-0");
    const later = pendingWrite(entries);
    await earlier.fail();
    expect(unanswered).toEqual(["4-0 room:patch"]);
    // An entry read while the later write is out waits for it, though the earlier one is done.
    readBack("5-0");
    expect(unanswered).toHaveLength(1);
    await later.answer("5-0");
    expect(unanswered).toHaveLength(1);
  });

  it("keeps an answered entry that waits while later ones are read back before it is decided", async () => {
    const { entries, unanswered, readBack } = ledger();
    const first = pendingWrite(entries);
    const second = pendingWrite(entries);
    // Read before its write answered: it waits for both writes out.
    readBack("7-0");
    await first.answer("7-0");
    // A later write answers and its entry is read back while 7-0 still waits for the second write.
    await pendingWrite(entries).answer("7-1");
    readBack("7-1");
    await second.answer();
    expect(unanswered).toEqual([]);
  });

  it("forgets the oldest answered entries past its bound (entries never read back: trimmed, or lost with Redis's data)", async () => {
    const entries = new OwnEntries(2);
    const unanswered: string[] = [];
    entries.onUnanswered((_broadcast, offset) => unanswered.push(offset));
    for (const offset of ["8-0", "8-1", "8-2"]) await entries.write(async () => [offset], (offsets) => offsets);
    const patch = () => ({ to: ["room:r1"], except: [], event: "room:patch", payload: {} }) as unknown as ChannelBroadcast;
    for (const offset of ["8-1", "8-2", "8-0"]) entries.readBack(offset, patch);
    // Only a stream read out of order shows it; the point is that 8-0 was not kept for ever.
    expect(unanswered).toEqual(["8-0"]);
  });

  it("tells of an entry an answered write did not name (its copy sent again was refused)", async () => {
    const { entries, unanswered, readBack } = ledger();
    const write = pendingWrite(entries);
    readBack("6-0");
    // The client sent the write again on a new connection after the first answer was lost; the copy was refused.
    await write.answer();
    expect(unanswered).toEqual(["6-0 room:patch"]);
  });
});
