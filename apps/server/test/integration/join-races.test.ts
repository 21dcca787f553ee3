import type { RoomClient } from "@mockloop/protocol/client";
import { describe, expect, it } from "vitest";
import { useRedisNodes } from "@mockloop/test-support/vitest";
import { connectClient, createRoom, startTestServer } from "@mockloop/test-support";
import type { RoomStore, RunningServer } from "../../src/index.ts";

const QUESTION = "tech-tcp-vs-udp";

/**
 * The next time the store answers `method`, runs `meanwhile` before that answer goes back to its caller: a change
 * made at exactly that point of a request. Later calls go straight through.
 */
function onceAfterNext(store: RoomStore, method: "updateRoom" | "roomVersion", meanwhile: () => Promise<void>): void {
  const original = store[method].bind(store) as (...args: unknown[]) => Promise<unknown>;
  const hooked = async (...args: unknown[]) => {
    const answer = await original(...args);
    (store as unknown as Record<string, unknown>)[method] = original;
    await meanwhile();
    return answer;
  };
  (store as unknown as Record<string, unknown>)[method] = hooked;
}

/** The interviewer pushes a question, and it has been answered: everyone in the room's channels has been sent it. */
async function pushBy(interviewer: RoomClient): Promise<void> {
  expect(await interviewer.request("question:push", { questionId: QUESTION })).toMatchObject({ ok: true });
}

describe("a change made while someone joins reaches them", () => {
  const cluster = useRedisNodes();

  for (const store of ["embedded", "redis"] as const) {
    const setUp = async () => {
      let embedded: RunningServer | undefined;
      const server = store === "redis" ? (await cluster.nodes(1)).nodes[0]! : (embedded = await startTestServer());
      const connect = async () => (store === "redis" ? cluster.connect(server) : connectClient(server.url));
      const interviewer = await connect();
      const candidate = await connect();
      const roomId = await createRoom(server.url);
      await interviewer.join({ roomId, name: "Iris", role: "interviewer" });
      const done = async () => {
        interviewer.close();
        candidate.close();
        await embedded?.close();
      };
      return { server, interviewer, candidate, roomId, done };
    };

    it(`made after the join's own write and before the joiner is in the room's channels: in the join's answer (${store} store)`, async () => {
      const { server, interviewer, candidate, roomId, done } = await setUp();
      try {
        // The candidate's join writes the room; right then, before it goes on, the interviewer pushes a question.
        onceAfterNext(server.store, "updateRoom", () => pushBy(interviewer));
        const { state } = await candidate.join({ roomId, name: "Cam", role: "candidate" });
        expect(state.currentQuestion?.id).toBe(QUESTION);
        expect(candidate.getState()?.currentQuestion?.id).toBe(QUESTION);
      } finally {
        await done();
      }
    });

    it(`made once the joiner is in the room's channels, before the join is answered: applied after the answer (${store} store)`, async () => {
      const { server, interviewer, candidate, roomId, done } = await setUp();
      try {
        // The join reads the room's version once it hears every change; right then the interviewer pushes: the
        // patch reaches the candidate's client before the join's answer, which holds the room without it.
        onceAfterNext(server.store, "roomVersion", () => pushBy(interviewer));
        const versions: number[] = [];
        candidate.socket.on("room:patch", (patch: { version: number }) => versions.push(patch.version));
        const { state } = await candidate.join({ roomId, name: "Cam", role: "candidate" });
        expect(state.currentQuestion).toBeNull();
        expect(versions).toEqual([state.version + 1]);
        expect(candidate.getState()).toMatchObject({ version: state.version + 1, currentQuestion: { id: QUESTION } });
      } finally {
        await done();
      }
    });
  }
});
