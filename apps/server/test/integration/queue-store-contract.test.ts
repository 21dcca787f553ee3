import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedis, uniquePrefix, type TestRedis } from "../../../../tests/support/redis.ts";
import { partnerRoles } from "../../src/domain/matchmaking.ts";
import { MemoryQueueStore } from "../../src/store/memory-queue-store.ts";
import type { NewTicket, QueueStore } from "../../src/store/queue-store.ts";
import { RedisQueueStore } from "../../src/store/redis-queue-store.ts";

let redis: TestRedis;
const clients: Redis[] = [];
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  for (const client of clients) client.disconnect();
  await redis.stop();
});

const factories: { name: string; make(): QueueStore }[] = [
  { name: "memory", make: () => new MemoryQueueStore() },
  {
    name: "redis",
    make: () => {
      const client = new Redis(redis.url);
      clients.push(client);
      return new RedisQueueStore(client, { keyPrefix: uniquePrefix("queue") });
    },
  },
];

let counter = 0;
const request = (preferredRole: NewTicket["preferredRole"], stageId = "phone-interview"): NewTicket => {
  counter += 1;
  return { id: `ticket-${counter}-${Math.random().toString(36).slice(2, 8)}`, trackId: "amazon-tpm", stageId, preferredRole, name: `P${counter}` };
};
const enqueue = (store: QueueStore, ticket: NewTicket) => store.enqueue(ticket, partnerRoles(ticket.preferredRole));

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

  it("hands out requests that waited too long, once", async () => {
    const store = factory.make();
    const ticket = request("candidate");
    await enqueue(store, ticket);
    expect(await store.expire(60_000)).toEqual([]);
    const deadline = Date.now() + 5_000;
    let expired: { id: string }[] = [];
    while (expired.length === 0) {
      if (Date.now() > deadline) throw new Error("the request did not expire");
      await new Promise((resolve) => setTimeout(resolve, 20));
      expired = await store.expire(50);
    }
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
