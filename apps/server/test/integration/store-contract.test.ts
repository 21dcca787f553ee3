import { ErrorCode, MockloopError } from "@mockloop/protocol";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedis, uniquePrefix, waitFor, type TestRedis } from "@mockloop/test-support";
import type { DraftStore } from "../../src/core/draft-store.ts";
import type { RoomRecord } from "../../src/core/room-record.ts";
import { AlreadyApplied, updateExistingRoom, type ChannelBroadcast, type RoomStore, type StreamAnnouncer } from "../../src/core/room-store.ts";
import type { PresenceStore } from "../../src/features/room/port.ts";
import { timerDueAt, type RoomWorkIndex } from "../../src/features/timer/index.ts";
import { newTimer, startTimer } from "../../src/features/timer/timer-rules.ts";
import { MemoryPresenceStore } from "../../src/store/memory/presence-store.ts";
import { MemoryRoomStore } from "../../src/store/memory/room-store.ts";
import { RedisPresenceStore } from "../../src/store/redis/presence-store.ts";
import { RedisRoomStore } from "../../src/store/redis/room-store.ts";
import { participantsOfChannels } from "../../src/transport/channels.ts";

let redis: TestRedis;
const clients: Redis[] = [];
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  for (const client of clients) client.disconnect();
  await redis.stop();
});

type Store = RoomStore & RoomWorkIndex & DraftStore;

/** The announcement grace and the claim lease, short so the tests that let them pass stay quick. */
const shortWaits = { announceGraceMs: 300, claimLeaseMs: 300 };

interface StoreFactory {
  name: string;
  /** The store, and a way to let `ms` pass on its clock (retention is measured on it). */
  make(options: { roomTtlMs: number }): Store & { passTime(ms: number): Promise<void> };
}

const factories: StoreFactory[] = [
  {
    name: "memory",
    make: ({ roomTtlMs }) => {
      // The embedded store takes its clock as a dependency: time passes when the test says so.
      let clock = Date.now();
      const store = new MemoryRoomStore({ roomTtlMs, dueAt: timerDueAt, now: () => clock, ...shortWaits });
      return Object.assign(store, { passTime: async (ms: number) => void (clock += ms) });
    },
  },
  {
    name: "redis",
    make: ({ roomTtlMs }) => {
      const client = new Redis(redis.url);
      clients.push(client);
      const store = new RedisRoomStore(client, { keyPrefix: uniquePrefix("contract"), roomTtlMs, dueAt: timerDueAt, ...shortWaits });
      return Object.assign(store, { passTime: (ms: number) => passRedisTime(store, ms) });
    },
  },
];

let counter = 0;
function sampleRoom(): RoomRecord {
  counter += 1;
  return {
    id: `room-${counter}-${Math.random().toString(36).slice(2, 12)}`,
    kind: "pair",
    group: null,
    trackId: "amazon-tpm",
    stageId: "phone-interview",
    createdAt: 1,
    version: 0,
    participants: [],
    currentQuestionId: null,
    askedQuestionIds: [],
    timer: newTimer([{ id: "all", name: "All", durationMs: 60_000 }]),
    round: 1,
    attendees: [],
    scorecard: null,
    observerNotes: [],
    pastRounds: [],
  };
}

const day = 24 * 60 * 60 * 1000;

function person(id: string): RoomRecord["participants"][number] {
  return { id, name: id, role: "interviewer", tokenHash: "0".repeat(64), joinedAt: 1, hasConnected: true };
}

/** Redis expires keys on its own clock: waits until that clock has moved `ms` on. */
async function passRedisTime(store: RoomStore, ms: number): Promise<void> {
  const until = (await store.now()) + ms;
  await waitFor(async () => (await store.now()) > until, `Redis's clock to pass ${ms} ms`);
}

/** One connection and one key prefix, with a new store on them each call: nodes of one deployment. */
function redisNodes(label: string) {
  const keyPrefix = uniquePrefix(label);
  const client = new Redis(redis.url);
  clients.push(client);
  const store = () => new RedisRoomStore(client, { keyPrefix, roomTtlMs: day, dueAt: timerDueAt, ...shortWaits });
  return { keyPrefix, client, store };
}

describe.each(factories)("RoomStore contract: $name", (factory) => {
  it("stores a room and reads it back as an independent copy", async () => {
    const store = factory.make({ roomTtlMs: day });
    const room = sampleRoom();
    await store.createRoom(room);
    const read = await store.getRoom(room.id);
    expect(read).toEqual(room);
    read?.askedQuestionIds.push("mutated");
    expect((await store.getRoom(room.id))?.askedQuestionIds).toEqual([]);
  });

  it("refuses to create a room whose id exists", async () => {
    const store = factory.make({ roomTtlMs: day });
    const room = sampleRoom();
    await store.createRoom(room);
    await expect(store.createRoom({ ...room, stageId: "other" })).rejects.toMatchObject({ code: ErrorCode.Conflict });
    expect((await store.getRoom(room.id))?.stageId).toBe("phone-interview");
  });

  it("answers undefined for an unknown room", async () => {
    const store = factory.make({ roomTtlMs: day });
    expect(await store.getRoom("no-such-room")).toBeUndefined();
    expect(await store.updateRoom("no-such-room", (room) => ({ room, result: 1 }))).toBeUndefined();
  });

  it("applies a change, bumps the version, and passes the store's clock to the mutation", async () => {
    const store = factory.make({ roomTtlMs: day });
    const room = sampleRoom();
    await store.createRoom(room);
    const before = await store.now();
    const outcome = await store.updateRoom(room.id, (draft, now) => {
      draft.currentQuestionId = "q1";
      return { room: draft, result: now };
    });
    expect(outcome?.changed).toBe(true);
    expect(outcome?.room.version).toBe(1);
    expect(outcome?.result).toBeGreaterThanOrEqual(before);
    expect(await store.getRoom(room.id)).toMatchObject({ currentQuestionId: "q1", version: 1 });
  });

  it("writes nothing and keeps the version when the mutation changes nothing", async () => {
    const store = factory.make({ roomTtlMs: day });
    const room = sampleRoom();
    await store.createRoom(room);
    const outcome = await store.updateRoom(room.id, (draft) => ({ room: draft, result: "same" }));
    expect(outcome).toMatchObject({ changed: false, result: "same", room: { version: 0 } });
  });

  it("gives a mutation a room of its own: changing it in place leaves the room before the change as it was", async () => {
    const store = factory.make({ roomTtlMs: day });
    const room = { ...sampleRoom(), participants: [{ id: "p1", name: "Ada", role: "interviewer" as const, tokenHash: "h", joinedAt: 1, hasConnected: true }] };
    await store.createRoom(room);
    const update = await store.updateRoom(room.id, (draft) => {
      (draft.participants[0] as RoomRecord["participants"][number]).name = "Grace";
      draft.askedQuestionIds.push("q1");
      draft.timer.segments[0]!.durationMs = 1;
      return { room: draft, result: null };
    });
    expect(update?.before).toEqual(room);
    expect(update?.room).toMatchObject({ version: 1, askedQuestionIds: ["q1"], participants: [{ name: "Grace" }] });
    expect(await store.getRoom(room.id)).toEqual(update?.room);
  });

  it("leaves the room untouched when the mutation throws", async () => {
    const store = factory.make({ roomTtlMs: day });
    const room = sampleRoom();
    await store.createRoom(room);
    await expect(
      store.updateRoom(room.id, (draft) => {
        draft.currentQuestionId = "half-done";
        throw new MockloopError(ErrorCode.Forbidden, "no");
      }),
    ).rejects.toMatchObject({ code: ErrorCode.Forbidden });
    expect(await store.getRoom(room.id)).toEqual(room);
  });

  it("loses no change when many run at once (compare-and-set with retries)", async () => {
    const store = factory.make({ roomTtlMs: day });
    const room = sampleRoom();
    await store.createRoom(room);
    const writers = Array.from({ length: 25 }, (_, index) =>
      store.updateRoom(room.id, async (draft) => {
        // Yield so the changes really interleave.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
        draft.askedQuestionIds.push(`q${index}`);
        return { room: draft, result: index };
      }),
    );
    await Promise.all(writers);
    const final = await store.getRoom(room.id);
    expect(final?.askedQuestionIds).toHaveLength(25);
    expect(new Set(final?.askedQuestionIds).size).toBe(25);
    expect(final?.version).toBe(25);
  });

  it("applies a command once per request id, however many copies of it run at once", async () => {
    const store = factory.make({ roomTtlMs: day });
    const room = { ...sampleRoom(), participants: [person("p-ann")] };
    await store.createRoom(room);
    const ask = (requestId: string, question: string) =>
      updateExistingRoom(
        store,
        room.id,
        async (draft) => {
          // Yield so the copies really interleave.
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
          draft.askedQuestionIds.push(question);
          return { room: draft, result: null };
        },
        { participantId: "p-ann", requestId },
      );
    const copies = await Promise.allSettled(Array.from({ length: 8 }, () => ask("request-one", "q1")));
    expect(copies.filter((copy) => copy.status === "fulfilled")).toHaveLength(1);
    for (const copy of copies) if (copy.status === "rejected") expect(copy.reason).toBeInstanceOf(AlreadyApplied);
    expect(await store.getRoom(room.id)).toMatchObject({ askedQuestionIds: ["q1"], version: 1 });
    // Another id is another command; an id of someone else's does not stand for theirs.
    await ask("request-two", "q2");
    await updateExistingRoom(store, room.id, (draft) => ({ room: { ...draft, round: 2 }, result: null }), { participantId: "p-bo", requestId: "request-one" });
    expect(await store.getRoom(room.id)).toMatchObject({ askedQuestionIds: ["q1", "q2"], round: 2, version: 3 });
    await expect(ask("request-two", "q3")).rejects.toBeInstanceOf(AlreadyApplied);
  });

  it("forgets a room once its time to live has passed", async () => {
    const store = factory.make({ roomTtlMs: 150 });
    const room = sampleRoom();
    await store.createRoom(room);
    await store.passTime(100);
    expect(await store.getRoom(room.id)).toBeDefined();
    await store.passTime(100);
    expect(await store.getRoom(room.id)).toBeUndefined();
  });

  it("indexes rooms by timer deadline with each write, and hands each due room to one caller at a time", async () => {
    const store = factory.make({ roomTtlMs: day });
    const now = await store.now();
    const [late, early, notYet, idle] = [sampleRoom(), sampleRoom(), sampleRoom(), sampleRoom()];
    await store.createRoom({ ...late, timer: startTimer(late.timer, now - 60_000 + -1_000) });
    await store.createRoom({ ...early, timer: startTimer(early.timer, now - 60_000 - 5_000) });
    await store.createRoom({ ...notYet, timer: startTimer(notYet.timer, now) });
    await store.createRoom(idle);
    const ours = (ids: readonly string[]) => ids.filter((id) => [late.id, early.id, notYet.id, idle.id].includes(id)).sort();
    const due = await store.takeDue(100);
    expect(ours(due.roomIds)).toEqual([early.id, late.id].sort());
    expect(due.nextDueAt).toBeGreaterThan(due.now);
    // Taken rooms are claimed: another caller does not get them while the first looks at them.
    expect(ours((await store.takeDue(100)).roomIds)).toEqual([]);
    // Settled with nothing announced since, a room goes back to its deadline: still passed, so due again.
    await store.markAnnounced(late.id, 0);
    expect(ours((await store.takeDue(100)).roomIds)).toEqual([late.id]);

    // Pausing (no deadline) leaves the room due only for its announcement; once confirmed, it leaves the index.
    await store.updateRoom(early.id, (room) => ({ room: { ...room, timer: { ...room.timer, status: "paused", deadline: null } }, result: null }));
    await store.markAnnounced(early.id, 1);
    await store.passTime(400);
    expect(ours((await store.takeDue(100)).roomIds)).not.toContain(early.id);
    await store.clearDue(late.id);
    await store.passTime(400);
    expect(ours((await store.takeDue(100)).roomIds)).not.toContain(late.id);
  });

  it("keeps a change's events until it is confirmed announced, and brings back a change nobody confirmed", async () => {
    const store = factory.make({ roomTtlMs: day });
    const room = sampleRoom();
    await store.createRoom(room);
    expect(await store.pendingAnnouncement(room.id)).toBeUndefined();
    const ended = { roomId: room.id, segmentIndex: 0, segmentId: "all", name: "All", endedAt: 1, version: 1, roundOver: true };
    const update = await store.updateRoom(room.id, (draft) => ({
      room: { ...draft, currentQuestionId: "q1" },
      result: null,
      events: [{ event: "timer:segment-ended" as const, payload: ended }],
    }));
    expect(update?.events).toHaveLength(1);
    expect(await store.pendingAnnouncement(room.id)).toMatchObject({ room: { version: 1, currentQuestionId: "q1" }, events: [{ event: "timer:segment-ended", payload: ended }] });
    // Unconfirmed past the grace, the room is due, so a live node looks at it.
    await store.passTime(400);
    expect((await store.takeDue(100)).roomIds).toContain(room.id);
    // A later change confirmed on its own does not confirm (and drop) the earlier one nobody announced.
    await store.updateRoom(room.id, (draft) => ({ room: { ...draft, currentQuestionId: "q2" }, result: null }));
    expect(await store.markAnnounced(room.id, 2, 1)).toBe(false);
    expect((await store.pendingAnnouncement(room.id))?.events).toHaveLength(1);
    expect(await store.markAnnounced(room.id, 2)).toBe(true);
    expect(await store.pendingAnnouncement(room.id)).toBeUndefined();
    expect(await store.markAnnounced(room.id, 2, 2)).toBe(true);
    await store.passTime(400);
    expect((await store.takeDue(100)).roomIds).not.toContain(room.id);
  });

  it("writes side-table entries with a change and reads them back", async () => {
    const store = factory.make({ roomTtlMs: day });
    const room = sampleRoom();
    await store.createRoom(room);
    const former = { id: "gone-0001", name: "Gone" };
    await store.updateRoom(room.id, (draft) => ({ room: draft, result: null, tables: [{ table: "formers" as const, key: "hash-1", value: former }] }));
    expect(await store.readTableEntry(room.id, "formers", "hash-1")).toEqual(former);
    expect(await store.readTableEntry(room.id, "formers", "hash-2")).toBeUndefined();
    expect([...(await store.readTable(room.id, "formers")).entries()]).toEqual([["hash-1", former]]);
    expect((await store.readTable(room.id, "rounds")).size).toBe(0);
  });

  it("saves a draft by compare-and-set and reads it back exactly", async () => {
    const store = factory.make({ roomTtlMs: day });
    const room = sampleRoom();
    expect(await store.getDraft(room.id, "scorecard:1")).toEqual({ content: null, version: 0, updatedAt: null });
    const content = { strengths: "Line one\nline two — ünïcode ✓", nested: { list: [1, 2] } };
    const saved = await store.saveDraft(room.id, "scorecard:1", content, 0);
    expect(saved).toMatchObject({ saved: true, draft: { content, version: 1 } });
    expect(await store.getDraft(room.id, "scorecard:1")).toMatchObject({ content, version: 1 });
    // Another draft of the same room is separate.
    expect((await store.getDraft(room.id, "observer:1:someone")).version).toBe(0);
  });

  it("refuses a draft save based on an old version and answers the stored draft", async () => {
    const store = factory.make({ roomTtlMs: day });
    const room = sampleRoom();
    await store.saveDraft(room.id, "scorecard:1", { text: "first" }, 0);
    await store.saveDraft(room.id, "scorecard:1", { text: "second" }, 1);
    const stale = await store.saveDraft(room.id, "scorecard:1", { text: "from an old tab" }, 1);
    expect(stale).toMatchObject({ saved: false, latest: { content: { text: "second" }, version: 2 } });
    expect(await store.saveDraft(room.id, "scorecard:1", { text: "ahead" }, 7)).toMatchObject({ saved: false });
    expect((await store.getDraft(room.id, "scorecard:1")).content).toEqual({ text: "second" });
  });

  it("saves a draft checked on a room version only while the room is still at it", async () => {
    const store = factory.make({ roomTtlMs: day });
    const room = sampleRoom();
    await store.createRoom(room);
    expect(await store.saveDraft(room.id, "scorecard:1", { text: "first" }, 0, room.version)).toMatchObject({ saved: true, draft: { version: 1 } });
    await store.updateRoom(room.id, (current) => ({ room: { ...current, round: current.round + 1 }, result: null }));
    // Checked on the version before the change: nothing saved, the draft as it was.
    expect(await store.saveDraft(room.id, "scorecard:1", { text: "on old rules" }, 1, room.version)).toEqual({ saved: false, roomMoved: true });
    expect(await store.getDraft(room.id, "scorecard:1")).toMatchObject({ content: { text: "first" }, version: 1 });
    expect(await store.saveDraft(room.id, "scorecard:1", { text: "second" }, 1, room.version + 1)).toMatchObject({ saved: true, draft: { version: 2 } });
  });

  it("answers a recent room: as stored, or as this store last read or wrote it", async () => {
    const store = factory.make({ roomTtlMs: day });
    const room = sampleRoom();
    await store.createRoom(room);
    await store.updateRoom(room.id, (current) => ({ room: { ...current, round: 2 }, result: null }));
    expect(await store.recentRoom(room.id)).toMatchObject({ id: room.id, round: 2, version: room.version + 1 });
    expect(await store.recentRoom("no-such-room")).toBeUndefined();
  });

  it("reads a room's version as stored", async () => {
    const store = factory.make({ roomTtlMs: day });
    const room = sampleRoom();
    await store.createRoom(room);
    expect(await store.roomVersion(room.id)).toBe(room.version);
    await store.updateRoom(room.id, (current) => ({ room: { ...current, round: 2 }, result: null }));
    expect(await store.roomVersion(room.id)).toBe(room.version + 1);
    expect(await store.roomVersion("no-such-room")).toBeUndefined();
  });

  it("applies exactly one of many concurrent saves based on the same version", async () => {
    const store = factory.make({ roomTtlMs: day });
    const room = sampleRoom();
    const outcomes = await Promise.all(Array.from({ length: 10 }, (_, i) => store.saveDraft(room.id, "scorecard:1", { tab: i }, 0)));
    expect(outcomes.filter((outcome) => outcome.saved)).toHaveLength(1);
    expect((await store.getDraft(room.id, "scorecard:1")).version).toBe(1);
  });

  it("forgets a draft once the retention has passed", async () => {
    const store = factory.make({ roomTtlMs: 150 });
    const room = sampleRoom();
    await store.saveDraft(room.id, "scorecard:1", { text: "short-lived" }, 0);
    await store.passTime(100);
    expect((await store.getDraft(room.id, "scorecard:1")).version).toBe(1);
    await store.passTime(100);
    expect((await store.getDraft(room.id, "scorecard:1")).version).toBe(0);
  });

  it("has a clock close to this machine's and answers a ping", async () => {
    const store = factory.make({ roomTtlMs: day });
    await expect(store.ping()).resolves.toBeUndefined();
    expect(Math.abs((await store.now()) - Date.now())).toBeLessThan(5_000);
  });
});

describe("RedisRoomStore: nodes that remember the rooms they last saw", () => {
  /** Two nodes' stores on one Redis and one key prefix, each with its own memory of the rooms. */
  function twoNodes() {
    const keyPrefix = uniquePrefix("remembered");
    const make = () => {
      const client = new Redis(redis.url);
      clients.push(client);
      return new RedisRoomStore(client, { keyPrefix, roomTtlMs: day, dueAt: timerDueAt, ...shortWaits });
    };
    return [make(), make()] as const;
  }

  it("builds a change on what the other node wrote, even from an old copy", async () => {
    const [a, b] = twoNodes();
    const room = sampleRoom();
    await a.createRoom(room);
    await b.updateRoom(room.id, (draft) => {
      draft.askedQuestionIds.push("from-b");
      return { room: draft, result: null };
    });
    // a remembers the room at version 0; its compare-and-set is refused and answered with version 1.
    const outcome = await a.updateRoom(room.id, (draft) => {
      draft.askedQuestionIds.push("from-a");
      return { room: draft, result: draft.askedQuestionIds.length };
    });
    expect(outcome).toMatchObject({ changed: true, result: 2, before: { version: 1 }, room: { version: 2 } });
    expect((await b.getRoom(room.id))?.askedQuestionIds).toEqual(["from-b", "from-a"]);
  });

  it("finds a request id the other node applied, even from an old copy", async () => {
    const [a, b] = twoNodes();
    const room = { ...sampleRoom(), participants: [person("p-ann")] };
    await a.createRoom(room);
    const push = (draft: RoomRecord) => {
      draft.askedQuestionIds.push("q1");
      return { room: draft, result: null };
    };
    await updateExistingRoom(b, room.id, push, { participantId: "p-ann", requestId: "request-one" });
    // a remembers the room at version 0, without the id: its write is refused, and the room as it is has the id.
    await expect(updateExistingRoom(a, room.id, push, { participantId: "p-ann", requestId: "request-one" })).rejects.toBeInstanceOf(AlreadyApplied);
    expect(await b.getRoom(room.id)).toMatchObject({ askedQuestionIds: ["q1"], version: 1 });
  });

  it("refuses, or changes nothing, only on the room as it is, not on an old copy", async () => {
    const [a, b] = twoNodes();
    const room = sampleRoom();
    await a.createRoom(room);
    await b.updateRoom(room.id, (draft) => {
      draft.currentQuestionId = "q1";
      return { room: draft, result: null };
    });
    // By a's old copy there is no question yet: a refusal or a no-op based on it would be wrong.
    const allowed = await a.updateRoom(room.id, (draft) => {
      if (draft.currentQuestionId !== "q1") throw new MockloopError(ErrorCode.Forbidden, "no question asked yet");
      return { room: draft, result: "seen q1" };
    });
    expect(allowed).toMatchObject({ changed: false, result: "seen q1", room: { version: 1 } });
    await b.updateRoom(room.id, (draft) => {
      draft.currentQuestionId = "q2";
      return { room: draft, result: null };
    });
    const seen = await a.updateRoom(room.id, (draft) => ({ room: draft, result: draft.currentQuestionId }));
    expect(seen).toMatchObject({ changed: false, result: "q2", room: { version: 2 } });
  });

  it("answers undefined for a room that is gone, whatever it remembers", async () => {
    const [a] = twoNodes();
    const room = sampleRoom();
    await a.createRoom(room);
    const cleaner = new Redis(redis.url);
    clients.push(cleaner);
    const roomKey = (await cleaner.keys(`*room:${room.id}`))[0];
    expect(roomKey).toBeDefined();
    await cleaner.del(roomKey as string);
    expect(await a.updateRoom(room.id, (draft) => ({ room: { ...draft, round: 2 }, result: 1 }))).toBeUndefined();
  });
});


describe("RedisRoomStore: past rounds kept apart from the hot record", () => {
  const pastRound = (round: number) => ({ round, interviewer: { id: "p1", name: "Ada" }, candidate: { id: "p2", name: "Grace" }, askedQuestionIds: [`q${round}`], scorecardSubmitted: true });

  function nodeAndRedis() {
    const { keyPrefix, client, store } = redisNodes("past");
    const roomKey = async (roomId: string) => {
      const [key] = await client.keys(`${keyPrefix}*room:${roomId}`);
      if (!key) throw new Error(`no key for room ${roomId}`);
      return key;
    };
    return { client, store, roomKey };
  }

  it("writes the past rounds when a round ends, and not with every change after", async () => {
    const { client, store, roomKey } = nodeAndRedis();
    const node = store();
    const room = sampleRoom();
    await node.createRoom(room);
    await node.updateRoom(room.id, (draft) => ({ room: { ...draft, round: 2, pastRounds: [pastRound(1)] }, result: null }));
    const key = await roomKey(room.id);
    expect(await client.hget(key, "data")).not.toContain("pastRounds");
    expect(JSON.parse((await client.hget(key, "past")) ?? "")).toEqual([pastRound(1)]);
    // The same rounds in other text: a change that leaves them alone must leave this text alone.
    const sameRoundsOtherText = JSON.stringify([pastRound(1)], null, 2);
    await client.hset(key, "past", sameRoundsOtherText);
    const otherNode = store();
    const changed = await otherNode.updateRoom(room.id, (draft) => {
      draft.currentQuestionId = "q9";
      return { room: draft, result: draft.pastRounds.length };
    });
    expect(changed).toMatchObject({ changed: true, result: 1, room: { currentQuestionId: "q9", pastRounds: [pastRound(1)] } });
    expect(await client.hget(key, "past")).toBe(sameRoundsOtherText);
    await otherNode.updateRoom(room.id, (draft) => ({ room: { ...draft, round: 3, pastRounds: [...draft.pastRounds, pastRound(2)] }, result: null }));
    expect(JSON.parse((await client.hget(key, "past")) ?? "")).toEqual([pastRound(1), pastRound(2)]);
    expect((await store().getRoom(room.id))?.pastRounds).toEqual([pastRound(1), pastRound(2)]);
  });

  it("reads a room's version from Redis, never as this node remembers the room", async () => {
    const { store } = nodeAndRedis();
    const node = store();
    const room = sampleRoom();
    await node.createRoom(room);
    await store().updateRoom(room.id, (current) => ({ room: { ...current, round: 2 }, result: null }));
    expect(await node.roomVersion(room.id)).toBe(room.version + 1);
    expect((await node.recentRoom(room.id))?.version).toBe(room.version);
  });

  it("keeps the version apart from the record's text, so a change that changes nothing writes nothing", async () => {
    const { client, store, roomKey } = nodeAndRedis();
    const node = store();
    const room = sampleRoom();
    await node.createRoom(room);
    await node.updateRoom(room.id, (draft) => ({ room: { ...draft, currentQuestionId: "q1" }, result: null }));
    const key = await roomKey(room.id);
    const text = await client.hget(key, "data");
    expect(JSON.parse(text ?? "")).not.toHaveProperty("version");
    expect(await client.hget(key, "version")).toBe(String(room.version + 1));
    // Read by a node that never saw it, and left as it was: no write, the same text and version.
    const unchanged = await store().updateRoom(room.id, (draft) => ({ room: draft, result: draft.version }));
    expect(unchanged).toMatchObject({ changed: false, result: room.version + 1 });
    expect(await client.hget(key, "data")).toBe(text);
    expect(await client.hget(key, "version")).toBe(String(room.version + 1));
    expect(await store().getRoom(room.id)).toEqual({ ...room, currentQuestionId: "q1", version: room.version + 1 });
  });

  it("reads a room stored whole, with its past rounds in the record, and keeps them apart from its next change", async () => {
    const { client, store, roomKey } = nodeAndRedis();
    const node = store();
    const room = sampleRoom();
    await node.createRoom(room);
    const key = await roomKey(room.id);
    const whole = { ...room, pastRounds: [pastRound(1)] };
    await client.hdel(key, "past");
    await client.hset(key, "data", JSON.stringify(whole));
    const reader = store();
    expect(await reader.getRoom(room.id)).toEqual(whole);
    await reader.updateRoom(room.id, (draft) => {
      draft.currentQuestionId = "q1";
      return { room: draft, result: null };
    });
    expect(await client.hget(key, "data")).not.toContain("pastRounds");
    expect(JSON.parse((await client.hget(key, "past")) ?? "")).toEqual([pastRound(1)]);
    expect(await store().getRoom(room.id)).toEqual({ ...whole, currentQuestionId: "q1", version: 1 });
  });
});

describe("RedisRoomStore: a change announced in its own write", () => {
  /** An announcer as the room feature's, reduced to what the store sees: a patch per change, then its events. */
  function announcerFor(streamKey: string): StreamAnnouncer & { refuse: boolean; appended: (string | undefined)[][] } {
    return {
      streamKey,
      maxLen: 1_000,
      refuse: false,
      appended: [],
      async write(run, appendedBy) {
        const answer = await run();
        this.appended.push([...appendedBy(answer)]);
        return answer;
      },
      broadcastsOf(_before, after, events) {
        if (this.refuse) return undefined;
        const patch = { to: [`room:${after.id}`], except: [], event: "room:patch", payload: { view: "participant", roomId: after.id, version: after.version, changes: {} } } as ChannelBroadcast;
        return [patch, ...events.map((event) => ({ ...event, to: [`room:${after.id}`], except: [] }))];
      },
      entryOf: (broadcast) => ["event", broadcast.event, "version", String((broadcast.payload as { version: number }).version)],
      nodeId: "node-a",
      participantsOf: ({ to }) => participantsOfChannels(to),
    };
  }

  function nodeAndRedis() {
    const { keyPrefix, client, store } = redisNodes("announce");
    return { client, store, keyPrefix, passTime: (ms: number) => passRedisTime(store(), ms), streamKey: `${keyPrefix}socket.io` };
  }

  const ended = (roomId: string, version: number) => ({ roomId, segmentIndex: 0, segmentId: "all", name: "All", endedAt: 1, version, roundOver: true });

  it("appends the change's broadcasts to the stream in the same write, and leaves nothing to confirm or resend", async () => {
    const { client, store, passTime, streamKey } = nodeAndRedis();
    const node = store();
    const announcer = announcerFor(streamKey);
    node.announceWith(announcer);
    const room = sampleRoom();
    await node.createRoom(room);
    const update = await node.updateRoom(room.id, (draft) => ({
      room: { ...draft, currentQuestionId: "q1" },
      result: null,
      events: [{ event: "timer:segment-ended" as const, payload: ended(room.id, 1) }],
    }));
    const entries = await client.xrange(streamKey, "-", "+");
    expect(entries.map(([, fields]) => fields)).toEqual([
      ["event", "room:patch", "version", "1"],
      ["event", "timer:segment-ended", "version", "1"],
    ]);
    expect(update?.announcedWithWrite?.offsets).toEqual(entries.map(([id]) => id));
    // The node learned, as the write answered, which entries it appended (it delivers those itself).
    expect(announcer.appended).toEqual([entries.map(([id]) => id)]);
    expect(update?.announcedWithWrite?.broadcasts.map((broadcast) => broadcast.event)).toEqual(["room:patch", "timer:segment-ended"]);
    expect(update?.earlierUnannounced).toBe(false);
    expect(await node.pendingAnnouncement(room.id)).toBeUndefined();
    // Nothing is due: no deadline, and no announcement waiting for its grace.
    await passTime(400);
    expect((await node.takeDue(100)).roomIds).not.toContain(room.id);

    // A running timer keeps the room in the index at its deadline, and only there.
    const running = await node.updateRoom(room.id, (draft, now) => ({ room: { ...draft, timer: startTimer(draft.timer, now - 59_000) }, result: null }));
    expect(running?.announcedWithWrite).toBeDefined();
    await passTime(400);
    expect((await node.takeDue(100)).roomIds).not.toContain(room.id);
    await waitFor(async () => (await node.takeDue(100)).roomIds.includes(room.id), "the room to fall due at its deadline", 3_000);
  });

  it("appends a broadcast for some participants alone only when one of them is connected to another node", async () => {
    const { client, store, streamKey, keyPrefix } = nodeAndRedis();
    const node = store();
    const announcer = announcerFor(streamKey);
    // The room's patch, and the interviewer's view for their own channel only.
    announcer.broadcastsOf = (_before, after) => [
      { to: [`room:${after.id}`], except: [], event: "room:patch", payload: { view: "participant", roomId: after.id, version: after.version, changes: {} } },
      { to: ["participant:iris"], except: [], event: "room:patch", payload: { view: "interviewer", roomId: after.id, version: after.version, changes: {} } },
    ];
    // The interviewer's entry is only built when it goes into the stream: its text is most of a push's command.
    const interviewerEntriesBuilt: string[] = [];
    const entryOf = announcer.entryOf;
    announcer.entryOf = (broadcast) => {
      if (broadcast.to.includes("participant:iris")) interviewerEntriesBuilt.push(String((broadcast.payload as { version: number }).version));
      return entryOf(broadcast);
    };
    node.announceWith(announcer);
    const room = sampleRoom();
    await node.createRoom(room);
    const presenceOn = (nodeId: string) => new RedisPresenceStore(client, { keyPrefix, nodeId, nodeTimeoutMs: 10_000, roomTtlMs: day });
    const push = (questionId: string) => node.updateRoom(room.id, (draft) => ({ room: { ...draft, currentQuestionId: questionId }, result: null }));
    const versionsInStream = async () => (await client.xrange(streamKey, "-", "+")).map(([, fields]) => fields[3]);

    // Nobody connected, then Iris on this node only (the asking tab, say): this node delivers to her; nothing to append.
    const alone = await push("q1");
    await presenceOn("node-a").attach(room.id, "iris", "tab-1");
    const hereOnly = await push("q2");
    expect(await versionsInStream()).toEqual(["1", "2"]);
    for (const update of [alone, hereOnly]) {
      expect(update?.announcedWithWrite?.broadcasts).toHaveLength(2);
      expect(update?.announcedWithWrite?.offsets[1]).toBeUndefined();
    }
    expect(hereOnly?.announcedWithWrite?.offsets[0]).toBe((await client.xrange(streamKey, "-", "+"))[1]?.[0]);

    // Someone else on another node does not count; Iris's second tab there does.
    await presenceOn("node-b").attach(room.id, "cam", "tab-2");
    await push("q3");
    expect(await versionsInStream()).toEqual(["1", "2", "3"]);
    await presenceOn("node-b").attach(room.id, "iris", "tab-3");
    const elsewhere = await push("q4");
    const entries = await client.xrange(streamKey, "-", "+");
    expect(entries.map(([, fields]) => fields[3])).toEqual(["1", "2", "3", "4", "4"]);
    expect(elsewhere?.announcedWithWrite?.offsets).toEqual(entries.slice(3).map(([id]) => id));
    expect(interviewerEntriesBuilt).toEqual(["4"]);
    // Asked for the fields, the node tried again once: one change, not two.
    expect((await store().getRoom(room.id))?.version).toBe(4);
  });

  it("tells whether a participant has a connection on another node", async () => {
    const { client, keyPrefix } = nodeAndRedis();
    const presenceOn = (nodeId: string) => new RedisPresenceStore(client, { keyPrefix, nodeId, nodeTimeoutMs: 10_000, roomTtlMs: day });
    const [here, there] = [presenceOn("node-a"), presenceOn("node-b")];
    const roomId = "room-elsewhere";
    await here.attach(roomId, "iris", "tab-1");
    await there.attach(roomId, "cam", "tab-2");
    // A participant whose id begins another's is still someone else.
    await there.attach(roomId, "iris2", "tab-3");
    expect(await here.connectedElsewhere(roomId, "iris")).toBe(false);
    expect(await there.connectedElsewhere(roomId, "iris")).toBe(true);
    expect(await here.connectedElsewhere(roomId, "cam")).toBe(true);
    await there.attach(roomId, "iris", "tab-4");
    expect(await here.connectedElsewhere(roomId, "iris")).toBe(true);
    await there.detach(roomId, "tab-4");
    expect(await here.connectedElsewhere(roomId, "iris")).toBe(false);
    // In one process there is no other node.
    const embedded: PresenceStore = new MemoryPresenceStore();
    await embedded.attach(roomId, "iris", "tab-1");
    await embedded.attach(roomId, "iris", "tab-2");
    expect(await embedded.connectedElsewhere(roomId, "iris")).toBe(false);
  });

  it("appends nothing while an earlier change is unconfirmed, so that change is resent first, in order", async () => {
    const { client, store, streamKey } = nodeAndRedis();
    const dead = store();
    const room = sampleRoom();
    await dead.createRoom(room);
    // A node that died after its write: no announcer, and no confirmation.
    await dead.updateRoom(room.id, (draft) => ({ room: { ...draft, currentQuestionId: "q1" }, result: null, events: [{ event: "timer:segment-ended" as const, payload: ended(room.id, 1) }] }));
    const live = store();
    live.announceWith(announcerFor(streamKey));
    const update = await live.updateRoom(room.id, (draft) => ({ room: { ...draft, currentQuestionId: "q2" }, result: null }));
    expect(update).toMatchObject({ changed: true, earlierUnannounced: true });
    expect(update?.announcedWithWrite).toBeUndefined();
    expect(await client.xlen(streamKey)).toBe(0);
    expect(await live.pendingAnnouncement(room.id)).toMatchObject({ room: { version: 2, currentQuestionId: "q2" }, events: [{ event: "timer:segment-ended" }] });
    // Once settled (what the publisher does on earlierUnannounced), the next change is announced with its write again.
    expect(await live.markAnnounced(room.id, 2)).toBe(true);
    expect((await live.updateRoom(room.id, (draft) => ({ room: { ...draft, currentQuestionId: "q3" }, result: null })))?.announcedWithWrite).toBeDefined();
    expect(await client.xlen(streamKey)).toBe(1);
  });

  it("leaves a change that needs more than its broadcasts (snapshots) to be announced after the write", async () => {
    const { client, store, streamKey } = nodeAndRedis();
    const node = store();
    const announcer = announcerFor(streamKey);
    node.announceWith(announcer);
    const room = sampleRoom();
    await node.createRoom(room);
    announcer.refuse = true;
    const update = await node.updateRoom(room.id, (draft) => ({ room: { ...draft, currentQuestionId: "q1" }, result: null }));
    expect(update).toMatchObject({ changed: true, earlierUnannounced: false });
    expect(update?.announcedWithWrite).toBeUndefined();
    expect(await client.xlen(streamKey)).toBe(0);
    expect(await node.pendingAnnouncement(room.id)).toMatchObject({ room: { version: 1 } });
  });
});
