import type { RoomPatch } from "@mockloop/protocol";
import type { RoomClient } from "@mockloop/protocol/client";
import { describe, expect, it } from "vitest";
import { useRedisNodes } from "@mockloop/test-support/vitest";
import { connectClient, createRoom, nextState, startTestServer } from "@mockloop/test-support";
import type { RunningServer } from "../../src/index.ts";

/** The versions of every room:patch a connection is sent, as received (before the typed client drops repeats). */
function patchesSentTo(client: RoomClient): number[] {
  const versions: number[] = [];
  client.socket.on("room:patch", (patch: { version: number }) => versions.push(patch.version));
  return versions;
}

/** Anything the server sent a connection before this answer has arrived once it is back: one connection keeps its order. */
async function drained(client: RoomClient): Promise<void> {
  await client.request("clock:sync", { clientSentAt: Date.now() });
}

describe("a command's change reaches the asking connection in its answer", () => {
  const cluster = useRedisNodes();

  for (const store of ["embedded", "redis"] as const) {
    it(`and everyone else, the asker's other tabs included, by patches (${store} store)`, async () => {
      let embedded: RunningServer | undefined;
      const server = store === "redis" ? (await cluster.nodes(1)).nodes[0]! : (embedded = await startTestServer());
      const connect = async () => (store === "redis" ? cluster.connect(server) : connectClient(server.url));
      const [asker, otherTab, candidate] = [await connect(), await connect(), await connect()];
      try {
        const roomId = await createRoom(server.url);
        const { token } = await asker.join({ roomId, name: "Iris", role: "interviewer" });
        await otherTab.join({ roomId, token });
        await candidate.join({ roomId, name: "Cam", role: "candidate" });
        await nextState(asker, (state) => state.participants.length === 2);
        const [toAsker, toOtherTab, toCandidate] = [asker, otherTab, candidate].map(patchesSentTo);
        const heardByAsker: RoomPatch[] = [];
        asker.on("room:patch", (patch) => heardByAsker.push(patch));
        const version = (asker.getState()?.version ?? 0) + 1;

        const answer = await asker.request("question:push", { questionId: "tech-tcp-vs-udp" });
        expect(answer).toMatchObject({ ok: true, data: { patch: { view: "interviewer", version, changes: { currentQuestion: { id: "tech-tcp-vs-udp" } } } } });
        // Applied as it arrived, before the caller sees the answer, and heard like any patch.
        expect(asker.getState()).toMatchObject({ version, currentQuestion: { id: "tech-tcp-vs-udp" } });
        expect(heardByAsker.map((patch) => patch.version)).toEqual([version]);
        await nextState(otherTab, (state) => state.version === version);
        await nextState(candidate, (state) => state.version === version);
        // The candidate's view of it keeps the interviewer's guidance out.
        expect(candidate.getState()?.currentQuestion).not.toHaveProperty("guidance");

        // The other tab changes the room in turn: now it is the one answered, and the first tab is told.
        await otherTab.startTimer();
        expect(otherTab.getState()).toMatchObject({ version: version + 1, timer: { status: "running" } });
        await nextState(asker, (state) => state.version === version + 1);
        await nextState(candidate, (state) => state.version === version + 1);

        await Promise.all([asker, otherTab, candidate].map(drained));
        expect(toAsker).toEqual([version + 1]);
        expect(toOtherTab).toEqual([version]);
        expect(toCandidate).toEqual([version, version + 1]);
      } finally {
        for (const client of [asker, otherTab, candidate]) client.close();
        await embedded?.close();
      }
    });

    it(`is sent as a patch, as before, to a client that did not say it applies answers' patches (${store} store)`, async () => {
      let embedded: RunningServer | undefined;
      const server = store === "redis" ? (await cluster.nodes(1)).nodes[0]! : (embedded = await startTestServer());
      // A page loaded before the server was upgraded: its client says nothing of patches in answers.
      const olderAsker = await connectClient(server.url, { socket: { auth: { answersCarryPatches: false } } });
      const candidate = store === "redis" ? await cluster.connect(server) : await connectClient(server.url);
      try {
        const roomId = await createRoom(server.url);
        await olderAsker.join({ roomId, name: "Iris", role: "interviewer" });
        await candidate.join({ roomId, name: "Cam", role: "candidate" });
        await nextState(olderAsker, (state) => state.participants.length === 2);
        const toOlder = patchesSentTo(olderAsker);
        const version = (olderAsker.getState()?.version ?? 0) + 1;
        const seen = nextState(olderAsker, (state) => state.currentQuestion?.id === "tech-tcp-vs-udp");
        expect(await olderAsker.request("question:push", { questionId: "tech-tcp-vs-udp" })).toEqual({ ok: true, data: {} });
        expect((await seen).version).toBe(version);
        await drained(olderAsker);
        expect(toOlder).toEqual([version]);
      } finally {
        olderAsker.close();
        candidate.close();
        await embedded?.close();
      }
    });
  }
});
