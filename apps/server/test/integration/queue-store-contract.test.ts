import type { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { uniquePrefix } from "@mockloop/test-support";
import { manualClock, useContractRedis, type Timed } from "@mockloop/test-support/vitest";
import { partnerRoles, pickPartner, type NewTicket, type QueueStore, type QueueTicket } from "../../src/features/queue/index.ts";
import { MemoryQueueStore } from "../../src/store/memory/queue-store.ts";
import { RedisQueueStore } from "../../src/store/redis/queue-store.ts";

const redis = useContractRedis();
let redisClient: Redis | undefined;
const sharedRedis = () => (redisClient ??= redis.client());

const factories: { name: string; make(): Timed<QueueStore> }[] = [
  {
    name: "memory",
    make: () => {
      const clock = manualClock();
      return Object.assign(new MemoryQueueStore(clock.now), { passTime: clock.passTime });
    },
  },
  {
    name: "redis",
    make: () => {
      const client = sharedRedis();
      // Expiry is on Redis's own clock (TIME): the test waits until it has moved on.
      return Object.assign(new RedisQueueStore(client, { keyPrefix: uniquePrefix("queue") }), { passTime: (ms: number) => redis.passTime(client, ms) });
    },
  },
];

let counter = 0;
const request = (preferredRole: NewTicket["preferredRole"], stageId = "phone-interview"): NewTicket => {
  counter += 1;
  return { id: `ticket-${counter}-${Math.random().toString(36).slice(2, 8)}`, trackId: "amazon-tpm", stageId, preferredRole, name: `P${counter}` };
};
const enqueue = (store: QueueStore, ticket: NewTicket) => store.enqueue(ticket);

describe.each(factories)("QueueStore contract: $name", (factory) => {
  it("queues a request nobody fits, in arrival order, per stage", async () => {
    const store = factory.make();
    const [a, b, other] = [request("candidate"), request("candidate"), request("interviewer", "drill")];
    expect((await enqueue(store, a)).partner).toBeNull();
    expect((await enqueue(store, b)).partner).toBeNull();
    expect((await enqueue(store, other)).partner).toBeNull();
    const waiting = await store.waiting("amazon-tpm", "phone-interview");
    expect(waiting.map((ticket) => ticket.id)).toEqual([a.id, b.id]);
    expect(waiting[0]).toMatchObject({ ...a, enqueuedAt: expect.any(Number) });
  });

  it("answers a request sent again while it waits (a resend after a lost answer) as waiting where it was, never paired with itself", async () => {
    const store = factory.make();
    // An "either" fits another "either": sent again, it must not fit itself.
    const [either, candidate] = [request("either"), request("candidate", "drill")];
    for (const ticket of [either, candidate]) expect((await enqueue(store, ticket)).partner).toBeNull();
    const waitingNow = async () => [...(await store.waiting("amazon-tpm", "phone-interview")), ...(await store.waiting("amazon-tpm", "drill"))];
    const before = await waitingNow();
    await store.passTime(5);
    for (const ticket of [either, candidate]) {
      expect(await enqueue(store, ticket)).toEqual({ ticket: before.find((waiting) => waiting.id === ticket.id), partner: null });
    }
    expect(await waitingNow()).toEqual(before);
    // Still there, once, for a real partner.
    expect((await enqueue(store, request("interviewer"))).partner?.id).toBe(either.id);
  });

  it("pairs a newcomer with the oldest compatible request and takes it out of the line", async () => {
    const store = factory.make();
    const [c1, e1, c2] = [request("candidate"), request("either"), request("candidate")];
    for (const ticket of [c1, e1, c2]) await enqueue(store, ticket);
    // c1 and e1 would have paired on arrival: e1 fits a candidate.
    const interviewer = request("interviewer");
    const outcome = await enqueue(store, interviewer);
    expect(outcome.partner?.id).toBe(c2.id);
    expect((await store.waiting("amazon-tpm", "phone-interview")).map((ticket) => ticket.id)).toEqual([]);
  });

  it("removes a request once: a second removal, or one of a matched request, finds nothing", async () => {
    const store = factory.make();
    const ticket = request("either");
    await enqueue(store, ticket);
    expect((await store.remove(ticket.id))?.id).toBe(ticket.id);
    expect(await store.remove(ticket.id)).toBeUndefined();
    expect(await store.waiting("amazon-tpm", "phone-interview")).toEqual([]);
  });

  it("answers a request sent again after it was paired (a resend after a lost answer) with the same partner, not a second one", async () => {
    const store = factory.make();
    const [first, second] = [request("candidate"), request("candidate")];
    for (const ticket of [first, second]) await enqueue(store, ticket);
    const interviewer = request("interviewer");
    expect((await enqueue(store, interviewer)).partner?.id).toBe(first.id);
    expect((await enqueue(store, interviewer)).partner?.id).toBe(first.id);
    expect((await store.waiting("amazon-tpm", "phone-interview")).map((ticket) => ticket.id)).toEqual([second.id]);
  });

  it("puts the partner of a request removed after its pairing back where they waited, once (its sender never heard of the pairing)", async () => {
    const store = factory.make();
    const [first, second] = [request("candidate"), request("candidate")];
    for (const ticket of [first, second]) await enqueue(store, ticket);
    const before = await store.waiting("amazon-tpm", "phone-interview");
    const interviewer = request("interviewer");
    expect((await enqueue(store, interviewer)).partner?.id).toBe(first.id);
    expect((await store.remove(interviewer.id))?.id).toBe(first.id);
    expect(await store.waiting("amazon-tpm", "phone-interview")).toEqual(before);
    expect(await store.remove(interviewer.id)).toBeUndefined();
    expect(await store.waiting("amazon-tpm", "phone-interview")).toEqual(before);
    // Back in line for real: the next one who fits is paired with them.
    expect((await enqueue(store, request("interviewer"))).partner?.id).toBe(first.id);
  });

  it("puts nobody back for a pairing whose partner withdrew meanwhile", async () => {
    const store = factory.make();
    const candidate = request("candidate");
    await enqueue(store, candidate);
    const interviewer = request("interviewer");
    expect((await enqueue(store, interviewer)).partner?.id).toBe(candidate.id);
    expect(await store.remove(candidate.id)).toBeUndefined();
    expect(await store.remove(interviewer.id)).toBeUndefined();
    expect(await store.waiting("amazon-tpm", "phone-interview")).toEqual([]);
  });

  it("keeps the match a ticket was paired into, for its owner to ask for again", async () => {
    const store = factory.make();
    const [ticket, other] = [request("candidate"), request("candidate")];
    const match = { ticketId: ticket.id, roomId: "r".repeat(22), role: "candidate" as const, token: "t".repeat(43), partnerName: "Bea" };
    expect(await store.matchOf(ticket.id)).toBeUndefined();
    await store.keepMatch(ticket.id, match);
    expect(await store.matchOf(ticket.id)).toEqual(match);
    expect(await store.matchOf(other.id)).toBeUndefined();
  });

  it("hands out requests that waited too long, once", async () => {
    const store = factory.make();
    const ticket = request("candidate");
    await enqueue(store, ticket);
    expect(await store.expire(60_000)).toEqual([]);
    await store.passTime(60);
    const expired = await store.expire(50);
    expect(expired.map((t) => t.id)).toEqual([ticket.id]);
    expect(await store.expire(0)).toEqual([]);
    expect(await store.waiting("amazon-tpm", "phone-interview")).toEqual([]);
  });

  it("never pairs anyone twice, however many arrive at once", async () => {
    const store = factory.make();
    const roles = ["candidate", "interviewer", "either"] as const;
    const tickets = Array.from({ length: 90 }, (_, i) => request(roles[i % 3] ?? "either"));
    const outcomes = await Promise.all(tickets.map((ticket) => enqueue(store, ticket)));
    const pairs = outcomes.flatMap((outcome) => (outcome.partner ? [[outcome.ticket.id, outcome.partner.id]] : []));
    const seen = pairs.flat();
    expect(new Set(seen).size).toBe(seen.length);
    const waiting = await store.waiting("amazon-tpm", "phone-interview");
    expect(waiting.length + seen.length).toBe(tickets.length);
    // Nobody is left waiting who could have been paired with someone else still waiting.
    for (const ticket of waiting) {
      expect(waiting.some((other) => other.id !== ticket.id && partnerRoles(ticket.preferredRole).includes(other.preferredRole))).toBe(false);
    }
  });
});

describe("RedisQueueStore: the requests of a node that stopped", () => {
  /** Two nodes' stores on one Redis, each counting as stopped 300 ms after it last recorded itself alive. */
  const twoNodes = () => {
    const keyPrefix = uniquePrefix("queue-nodes");
    const client = sharedRedis();
    const [first, second] = ["node-1", "node-2"].map((nodeId) => new RedisQueueStore(client, { keyPrefix, nodeId, nodeTimeoutMs: 300 })) as [RedisQueueStore, RedisQueueStore];
    return { first, second, passTime: (ms: number) => redis.passTime(client, ms) };
  };
  const line = (store: QueueStore) => store.waiting("amazon-tpm", "phone-interview");

  it("leaves them out of every pairing and out of line, and puts one back, once, when its node is heard from again", async () => {
    const { first, second, passTime } = twoNodes();
    const candidate = request("candidate");
    await first.enqueue(candidate);
    await passTime(400);
    // The first node said nothing for longer than it may: the next request pairs with nobody, and waits alone.
    const interviewer = request("interviewer");
    expect((await second.enqueue(interviewer)).partner).toBeNull();
    expect((await line(second)).map((ticket) => ticket.id)).toEqual([interviewer.id]);
    // It was only out of reach: it learns it was taken for stopped, and puts its request back, where it pairs.
    expect(await first.keepNodeAlive()).toBe(true);
    expect((await first.putBack(candidate))?.partner?.id).toBe(interviewer.id);
    expect(await first.putBack(candidate)).toBeUndefined();
    expect(await line(first)).toEqual([]);
  });

  it("pairs with the requests of a node that keeps recording itself alive, and puts back none of them", async () => {
    const { first, second, passTime } = twoNodes();
    const candidate = request("candidate");
    await first.enqueue(candidate);
    for (let beat = 0; beat < 3; beat++) {
      await passTime(150);
      expect(await first.keepNodeAlive()).toBe(false);
    }
    expect(await first.putBack(candidate)).toBeUndefined();
    expect((await second.enqueue(request("interviewer"))).partner?.id).toBe(candidate.id);
  });

  it("takes them out of line in the sweep, handing them to nobody, and lets their node put them back", async () => {
    const { first, second, passTime } = twoNodes();
    const candidate = request("candidate");
    await first.enqueue(candidate);
    await passTime(400);
    await second.keepNodeAlive();
    expect(await second.expire(60_000)).toEqual([]);
    expect(await line(second)).toEqual([]);
    expect(await first.putBack(candidate)).toMatchObject({ partner: null, ticket: { id: candidate.id } });
    expect((await line(second)).map((ticket) => ticket.id)).toEqual([candidate.id]);
  });
});

describe("the matching rule", () => {
  const roles = ["candidate", "interviewer", "either"] as const;
  const arrival = fc.record({ role: fc.constantFrom(...roles), stage: fc.constantFrom("phone-interview", "drill"), leaves: fc.boolean() });

  it("is the same in every store: for the same line, the in-memory and Redis queues pick the partner pickPartner picks", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(arrival, { minLength: 1, maxLength: 14 }), async (arrivals) => {
        const stores = factories.map((factory) => factory.make());
        // The reference: the rule itself, applied to a line kept in plain memory.
        let line: QueueTicket[] = [];
        for (const [index, { role, stage, leaves }] of arrivals.entries()) {
          const ticket: NewTicket = { id: `t${index}-${role}`, trackId: "amazon-tpm", stageId: stage, preferredRole: role, name: `P${index}` };
          const expected = pickPartner(line.filter((waiting) => waiting.stageId === stage), ticket) ?? null;
          line = expected ? line.filter((waiting) => waiting.id !== expected.id) : [...line, { ...ticket, enqueuedAt: index }];
          const outcomes = await Promise.all(stores.map((store) => store.enqueue(ticket)));
          for (const outcome of outcomes) expect(outcome.partner?.id ?? null).toBe(expected?.id ?? null);
          // Someone giving up changes the line the same way everywhere.
          if (leaves && !expected) {
            line = line.filter((waiting) => waiting.id !== ticket.id);
            for (const store of stores) expect((await store.remove(ticket.id))?.id).toBe(ticket.id);
          }
        }
        for (const stage of ["phone-interview", "drill"]) {
          const expectedIds = line.filter((waiting) => waiting.stageId === stage).map((waiting) => waiting.id);
          for (const store of stores) expect((await store.waiting("amazon-tpm", stage)).map((waiting) => waiting.id)).toEqual(expectedIds);
        }
      }),
      { numRuns: 60 },
    );
  });
});
