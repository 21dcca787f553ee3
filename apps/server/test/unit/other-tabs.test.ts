import { loadQuestionBank } from "@mockloop/questions";
import { describe, expect, it } from "vitest";
import { createRoomPublisher } from "../../src/features/room/publisher.ts";
import type { PresenceStore } from "../../src/features/room/port.ts";
import { MemoryPresenceStore } from "../../src/store/memory/presence-store.ts";
import { MemoryRoomStore } from "../../src/store/memory/room-store.ts";
import { channels } from "../../src/transport/channels.ts";
import type { RoomServer, RoomSocket } from "../../src/transport/socket-types.ts";

/**
 * A Socket.IO server as far as the publisher reaches into it: the adapter's channels on this node (the asking tab
 * and a second tab of the same person), and what it was asked to broadcast, local or through the adapter's stream.
 */
function fakeServer() {
  const broadcasts: { local: boolean; event: unknown }[] = [];
  const rooms = new Map([
    [channels.participant("iris"), new Set(["tab-1", "tab-2"])],
    ["tab-1", new Set(["tab-1"])],
    ["tab-2", new Set(["tab-2"])],
  ]);
  const adapter = {
    rooms,
    broadcast: (packet: { data: unknown[] }, options: { flags: { local?: boolean } }) => {
      broadcasts.push({ local: options.flags.local === true, event: packet.data[0] });
    },
  };
  return { io: { of: () => ({ adapter }) } as unknown as RoomServer, broadcasts };
}

function publisherWith(presence: PresenceStore) {
  const { io, broadcasts } = fakeServer();
  const publisher = createRoomPublisher({ io, bank: loadQuestionBank(), store: new MemoryRoomStore({ roomTtlMs: 86_400_000 }), presence, now: async () => 0 });
  const asking = { id: "tab-1", data: { roomId: "room-1", participantId: "iris" } } as unknown as RoomSocket;
  const tell = () => publisher.toOtherTabs(asking, "iris", "observer-notes:draft", { notes: "Asked for the metric", version: 2, updatedAt: 0 });
  return { tell, broadcasts };
}

/** A presence store whose answer to "connected elsewhere?" the test sets (or makes fail, as in a Redis blink). */
function presenceAnswering(answer: () => Promise<boolean>): PresenceStore {
  return Object.assign(new MemoryPresenceStore(), { connectedElsewhere: answer });
}

describe("telling a person's other tabs", () => {
  it("stays on this node when none of their connections is elsewhere", async () => {
    const { tell, broadcasts } = publisherWith(presenceAnswering(async () => false));
    await tell();
    expect(broadcasts).toEqual([{ local: true, event: "observer-notes:draft" }]);
  });

  it("goes through the stream when one of their connections is on another node", async () => {
    const { tell, broadcasts } = publisherWith(presenceAnswering(async () => true));
    await tell();
    expect(broadcasts).toEqual([{ local: false, event: "observer-notes:draft" }]);
  });

  it("goes through the stream, as before, when presence cannot be read", async () => {
    const { tell, broadcasts } = publisherWith(presenceAnswering(() => Promise.reject(new Error("Command timed out"))));
    await expect(tell()).resolves.toBeUndefined();
    expect(broadcasts).toEqual([{ local: false, event: "observer-notes:draft" }]);
  });
});
