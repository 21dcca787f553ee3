import type { RoomPatch } from "@mockloop/protocol";
import { describe, expect, it } from "vitest";
import { createRoom, waitFor } from "@mockloop/test-support";
import { useEmbeddedServer } from "@mockloop/test-support/vitest";

/**
 * Patches can reach a connection out of order when changes come from two nodes: the answer to this client's
 * own command (which carries its patch) can come before the stream brings another node's change just before it.
 * The typed client holds the later patch for a moment and applies both in order, rather than asking for the
 * whole room; only when the missing one does not come does it ask. Patches are handed to the client's socket as
 * if they had arrived (the order two nodes produce only now and then), after a real join.
 */
describe("a patch that comes ahead of a missing version", () => {
  const embedded = useEmbeddedServer();

  /** A joined candidate, what it sends, and a way to hand it a patch as if the server had sent it. */
  const joinedCandidate = async () => {
    const client = await embedded.connect();
    const roomId = await createRoom(embedded.server().url);
    await client.join({ roomId, name: "Cam", role: "candidate" });
    const sent: string[] = [];
    client.socket.onAnyOutgoing((event: string) => sent.push(event));
    const heard: number[] = [];
    client.on("room:patch", (patch) => heard.push(patch.version));
    const arrive = (patch: RoomPatch) => {
      for (const listener of client.socket.listeners("room:patch")) listener(patch);
    };
    const version = client.getState()?.version ?? 0;
    const patch = (at: number, askedQuestionIds: string[]): RoomPatch => ({ view: "participant", roomId, version: at, changes: { askedQuestionIds } });
    return { client, sent, heard, arrive, version, patch };
  };

  it("is held until the missing one comes, then both apply in order, and the whole room is not asked for", async () => {
    const { client, sent, heard, arrive, version, patch } = await joinedCandidate();
    arrive(patch(version + 2, ["tech-tcp-vs-udp", "tech-caching"]));
    expect(client.getState()?.version).toBe(version);
    arrive(patch(version + 1, ["tech-tcp-vs-udp"]));
    expect(client.getState()).toMatchObject({ version: version + 2, askedQuestionIds: ["tech-tcp-vs-udp", "tech-caching"] });
    expect(heard).toEqual([version + 1, version + 2]);
    // Nothing asked for the whole room: a request sent and answered now would follow anything sent before it.
    await client.request("clock:sync", { clientSentAt: Date.now() });
    expect(sent).toEqual(["clock:sync"]);
  });

  it("asks for the whole room when the missing one does not come", async () => {
    const { client, sent, arrive, version, patch } = await joinedCandidate();
    const heldAt = Date.now();
    arrive(patch(version + 2, ["tech-caching"]));
    expect(sent).not.toContain("room:sync");
    await waitFor(() => sent.includes("room:sync"), "the client to ask for the whole room");
    expect(Date.now() - heldAt).toBeGreaterThanOrEqual(200);
    // The server's room (the patch was never real) replaces the held one.
    await waitFor(() => client.getState()?.version === version, "the room as the server has it");
    expect(client.getState()?.askedQuestionIds).toEqual([]);
  });
});
