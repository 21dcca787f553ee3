import type { QueueStatus } from "@mockloop/protocol";
import { describe, expect, it } from "vitest";
import { collectEvents, waitFor } from "@mockloop/test-support";
import { useRedisNodes } from "@mockloop/test-support/vitest";

/**
 * A place in line is news worth one message a second: a line of 300 filling up must not send everyone a
 * message per newcomer (that grows with the square of the line), yet the latest place always arrives.
 */
describe("places in the partner queue", () => {
  const cluster = useRedisNodes();

  it("sends each request at most one status a second while 300 people join, and always the final one", async () => {
    const {
      nodes: [node],
    } = await cluster.nodes(1, { RATE_LIMIT_CONNECTIONS_PER_ADDRESS: "100000", RATE_LIMIT_QUEUE_JOINS_PER_ADDRESS: "100000" });
    if (!node) throw new Error("a node expected");
    const people = await Promise.all(Array.from({ length: 300 }, () => cluster.connect(node)));
    const received = people.map((client) => collectEvents(client, "queue:status"));
    const startedAt = Date.now();
    const acks = await Promise.all(
      people.map((client, i) => client.joinQueue({ trackId: "amazon-tpm", stageId: "phone-interview", preferredRole: "candidate", name: `Person ${i}` })),
    );
    const latest = (i: number): QueueStatus | undefined => {
      const ack = acks[i];
      return received[i]?.at(-1) ?? (ack?.state === "waiting" ? ack.status : undefined);
    };
    await waitFor(() => people.every((_, i) => latest(i)?.waiting === 300), "everyone to learn the line's final length", 15_000);
    const elapsedSeconds = (Date.now() - startedAt) / 1000;

    // Everyone holds their true final place: 1 to 300, each once.
    expect(people.map((_, i) => latest(i)?.position).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    // At most one status a second per request, plus the final one (the quadratic count would be 45,150).
    const mostToOne = Math.max(...received.map((statuses) => statuses.length));
    expect(mostToOne).toBeLessThanOrEqual(Math.ceil(elapsedSeconds) + 1);
    const total = received.reduce((sum, statuses) => sum + statuses.length, 0);
    expect(total).toBeLessThanOrEqual(300 * (Math.ceil(elapsedSeconds) + 1));
  });
});
