import { isDeepStrictEqual } from "node:util";
import type { BoardElement } from "@mockloop/protocol";
import type { RoomClient } from "@mockloop/protocol/client";
import { describe, expect, it } from "vitest";
import { connectClient, createRoom, spawnServerNode, uniquePrefix, waitFor } from "@mockloop/test-support";
import { twoNodes, useRedisNodes } from "@mockloop/test-support/vitest";
import { mergeInto, sceneOrder } from "../../src/features/board/merge-rules.ts";

/**
 * One person's copy of the board, kept the way the web app keeps it: their own edits applied at once and sent,
 * everyone else's merged as they arrive, by the same rule.
 */
class BoardReplica {
  private readonly scene = new Map<string, BoardElement>();
  edits = 0;

  private constructor(
    readonly client: RoomClient,
    readonly round: number,
  ) {
    client.on("board:changed", (change) => {
      if (change.round === this.round) mergeInto(this.scene, change.elements);
    });
  }

  static async open(client: RoomClient): Promise<BoardReplica> {
    const { round, elements } = await client.call("board:get", {});
    const replica = new BoardReplica(client, round);
    mergeInto(replica.scene, elements);
    return replica;
  }

  /** Changes (or creates) an element as Excalidraw does: a higher version and a fresh random nonce. */
  async edit(id: string, change: Partial<BoardElement>): Promise<void> {
    const current = this.scene.get(id);
    const next: BoardElement = {
      type: "rectangle",
      isDeleted: false,
      index: `a${id}`,
      x: 0,
      y: 0,
      ...current,
      ...change,
      id,
      version: (current?.version ?? 0) + 1,
      versionNonce: Math.floor(Math.random() * 2 ** 31),
    };
    mergeInto(this.scene, [next]);
    this.edits += 1;
    await this.client.call("board:update", { round: this.round, elements: [next] });
  }

  view(): BoardElement[] {
    return sceneOrder([...this.scene.values()]);
  }
}

const sameScene = (a: BoardReplica, b: BoardReplica) => isDeepStrictEqual(a.view(), b.view());

describe("the board on two server nodes sharing one Redis", () => {
  const cluster = useRedisNodes();

  it("ends with identical scenes when two people edit the same elements at once through different nodes", async () => {
    const [nodeA, nodeB] = await twoNodes(cluster);
    const roomId = await createRoom(nodeA.url);
    const interviewerClient = await cluster.connect(nodeA);
    const candidateClient = await cluster.connect(nodeB);
    await interviewerClient.join({ roomId, name: "Iris", role: "interviewer" });
    await candidateClient.join({ roomId, name: "Cam", role: "candidate" });
    const interviewer = await BoardReplica.open(interviewerClient);
    const candidate = await BoardReplica.open(candidateClient);

    const shared = ["gateway", "queue", "cache"];
    const draw = async (replica: BoardReplica, own: string, offset: number) => {
      for (let step = 0; step < 30; step++) {
        await replica.edit(shared[step % shared.length] as string, { x: offset + step, width: step * 3 });
        if (step % 5 === 0) await replica.edit(`${own}${step}`, { type: "ellipse", y: step });
      }
      await replica.edit(`${own}0`, { isDeleted: true });
    };
    await Promise.all([draw(interviewer, "iris", 1_000), draw(candidate, "cam", 2_000)]);

    await waitFor(() => sameScene(interviewer, candidate), "both people to see the same scene");
    // A third person, on either node, is given exactly that scene: the store holds the converged one.
    const observer = await cluster.connect(nodeB);
    await observer.join({ roomId, name: "Olive", role: "observer" });
    const stored = await BoardReplica.open(observer);
    expect(stored.view()).toEqual(interviewer.view());
    expect(stored.view().map((element) => element.id).sort()).toEqual(
      ["cache", "cam0", "cam10", "cam15", "cam20", "cam25", "cam5", "gateway", "iris0", "iris10", "iris15", "iris20", "iris25", "iris5", "queue"].sort(),
    );
    expect(stored.view().filter((element) => element.isDeleted).map((element) => element.id).sort()).toEqual(["cam0", "iris0"]);
  });

  it("keeps the scene when the node a person drew through is killed: someone joining through another node gets all of it", async () => {
    const keyPrefix = uniquePrefix("board-kill");
    const survivor = await cluster.node(keyPrefix);
    const doomed = await spawnServerNode({ env: { REDIS_URL: cluster.redis().url, REDIS_KEY_PREFIX: keyPrefix } });
    let candidateClient: RoomClient | undefined;
    try {
      const roomId = await createRoom(doomed.url);
      candidateClient = await connectClient(doomed.url);
      await candidateClient.join({ roomId, name: "Cam", role: "candidate" });
      const interviewerClient = await cluster.connect(survivor);
      await interviewerClient.join({ roomId, name: "Iris", role: "interviewer" });
      const candidate = await BoardReplica.open(candidateClient);
      const interviewer = await BoardReplica.open(interviewerClient);
      for (const [id, type] of [["client", "rectangle"], ["api", "rectangle"], ["request", "arrow"], ["title", "text"]] as const) {
        await candidate.edit(id, { type, ...(type === "text" ? { text: "Checkout service" } : {}) });
      }
      await interviewer.edit("api", { width: 240 });
      await waitFor(() => sameScene(interviewer, candidate), "both to see the drawing");

      expect((await doomed.kill("SIGKILL")).signal).toBe("SIGKILL");
      candidateClient.close();
      const newcomer = await cluster.connect(survivor);
      await newcomer.join({ roomId, name: "Nia", role: "observer" });
      expect((await BoardReplica.open(newcomer)).view()).toEqual(interviewer.view());
      expect(interviewer.view()).toHaveLength(4);
    } finally {
      candidateClient?.close();
      await doomed.kill("SIGKILL");
    }
  });
});

describe("the board through a Redis restart (append-only persistence)", () => {
  const cluster = useRedisNodes({ appendOnly: true });

  it("is still there, whole, after Redis restarts", async () => {
    const { nodes, keyPrefix } = await cluster.nodes(1);
    const [first] = nodes;
    if (!first) throw new Error("a node expected");
    const roomId = await createRoom(first.url);
    const client = await cluster.connect(first);
    const { token } = await client.join({ roomId, name: "Cam", role: "candidate" });
    const before = await BoardReplica.open(client);
    await before.edit("db", { type: "rectangle", width: 100 });
    await before.edit("replica", { type: "rectangle", width: 80 });
    await before.edit("db", { width: 160 });
    await before.edit("replica", { isDeleted: true });
    client.close();
    await cluster.stop(first);

    await cluster.redis().restart();
    const second = await cluster.node(keyPrefix);
    const back = await cluster.connect(second);
    await back.join({ roomId, token });
    expect((await BoardReplica.open(back)).view()).toEqual(before.view());
  });
});
