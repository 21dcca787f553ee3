import { describe, expect, it } from "vitest";
import { createRoom, waitFor } from "@mockloop/test-support";
import { useEmbeddedServer } from "@mockloop/test-support/vitest";

/**
 * A command whose answer is lost with the connection (it dropped, or the node died, while the command was out)
 * may or may not have been applied. The typed client sends it again, with the same request id, once the rejoin
 * has answered; the server applies a command once per id. Here the connection is closed right after the
 * command has gone out, so the server applies it and its answer has nowhere to go.
 */
describe("a command whose answer was lost with the connection", () => {
  const embedded = useEmbeddedServer();

  it("is sent again with the same request id and applied once", async () => {
    const roomId = await createRoom(embedded.server().url);
    const interviewer = await embedded.connect();
    const candidate = await embedded.connect();
    await interviewer.join({ roomId, name: "Iris", role: "interviewer" });
    await candidate.join({ roomId, name: "Cam", role: "candidate" });
    const firstSegment = () => candidate.getState()?.timer.segments[0]?.durationMs ?? 0;
    const lengthBefore = firstSegment();
    const versionBefore = candidate.getState()?.version ?? 0;
    const candidateVersions: number[] = [];
    candidate.on("room:patch", (patch) => candidateVersions.push(patch.version));

    const sent: unknown[] = [];
    interviewer.socket.onAnyOutgoing((event: string, payload: unknown) => {
      if (event === "timer:adjust") sent.push(payload);
    });
    let reconnects = 0;
    interviewer.socket.io.on("reconnect", () => (reconnects += 1));
    // Close the connection the moment the command's packet is written: the server gets it, the answer is lost.
    const engine = interviewer.socket.io.engine;
    engine.once("packetCreate", () => queueMicrotask(() => engine.close()));

    const ack = await interviewer.request("timer:adjust", { deltaMs: 60_000 });
    expect(ack).toMatchObject({ ok: true });
    expect(reconnects).toBe(1);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(sent[0]);
    expect(sent[0]).toMatchObject({ deltaMs: 60_000, requestId: expect.any(String) });

    // Once: the candidate heard one change, and both see the segment a minute longer, not two.
    await waitFor(() => interviewer.getState()?.timer.segments[0]?.durationMs === lengthBefore + 60_000, "the interviewer's room to show the adjustment");
    const room = await candidate.call("room:sync", {});
    expect(room.version).toBe(versionBefore + 1);
    expect(room.timer.segments[0]?.durationMs).toBe(lengthBefore + 60_000);
    expect(candidateVersions).toEqual([versionBefore + 1]);
    expect(firstSegment()).toBe(lengthBefore + 60_000);
  });

  it("is answered NO_ANSWER when the connection is not back within the wait, and not sent again", async () => {
    const roomId = await createRoom(embedded.server().url);
    const interviewer = await embedded.connect();
    await interviewer.join({ roomId, name: "Iris", role: "interviewer" });
    const sent: string[] = [];
    interviewer.socket.onAnyOutgoing((event: string) => sent.push(event));
    // No reconnecting: the rejoin never answers.
    interviewer.socket.io.reconnection(false);
    const engine = interviewer.socket.io.engine;
    engine.once("packetCreate", () => queueMicrotask(() => engine.close()));
    const ack = await interviewer.request("timer:start", {});
    expect(ack).toMatchObject({ ok: false, error: { code: "NO_ANSWER" } });
    expect(sent).toEqual(["timer:start"]);
  });
});
