import type { JoinResult } from "@mockloop/protocol";
import type { RoomClient } from "@mockloop/protocol/client";
import { describe, expect, it } from "vitest";
import { twoNodes, useRedisNodes } from "@mockloop/test-support/vitest";
import { createRoom, nextState, waitFor } from "@mockloop/test-support";

describe("presence under a crowd, on real Redis across two nodes", () => {
  const cluster = useRedisNodes();

  it("lets 200 connections join at once, and shows 200 disconnects within 2 s", async () => {
    const [a, b] = await twoNodes(cluster);
    const roomId = await createRoom(a.url);
    // Eight people (the pair room's cap: two seats, six observers), each then opening 25 tabs on either node.
    const seats = [
      { name: "Iris", role: "interviewer" as const },
      { name: "Cam", role: "candidate" as const },
      ...Array.from({ length: 6 }, (_, i) => ({ name: `Observer ${i + 1}`, role: "observer" as const })),
    ];
    const people: (JoinResult & { first: RoomClient })[] = [];
    for (const seat of seats) {
      const first = await cluster.connect(a);
      people.push({ ...(await first.join({ roomId, ...seat })), first });
    }
    const watcher = people[0]!.first;
    const tabs = await Promise.all(Array.from({ length: 200 }, (_, i) => cluster.connect(i % 2 ? a : b)));
    const joins = await Promise.all(tabs.map((tab, i) => tab.request("room:join", { roomId, token: people[i % people.length]!.token })));
    expect(joins.filter((ack) => !ack.ok)).toEqual([]);

    // Everyone but the watcher closes every connection at once.
    for (const person of people.slice(1)) person.first.close();
    const closedAt = Date.now();
    tabs.forEach((tab, i) => i % people.length !== 0 && tab.close());
    const everyoneElseOffline = (state: { participants: { id: string; connected: boolean }[] }) =>
      state.participants.every((participant) => participant.connected === (participant.id === people[0]!.participant.id));
    await nextState(watcher, everyoneElseOffline, 2_000);
    expect(Date.now() - closedAt).toBeLessThan(2_000);
    // And the store agrees.
    await waitFor(async () => (await a.app.rooms.online(roomId)).length === 1, "only the watcher online");
  });
});
