import { connectClient, limitsOff, readMetric, spawnServerNode, waitFor, type NodeProcess } from "@mockloop/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** The node's own report of its heap policy: 1 while it holds the growth, 0 while V8 chooses. */
async function heapGrowthHeld(node: NodeProcess): Promise<number> {
  const value = await readMetric(node.url, "mockloop_heap_growth_held");
  if (value === undefined) throw new Error("no mockloop_heap_growth_held in /metrics");
  return value;
}

// The process entry (src/main.ts) runs the policy on the node's own connections and joins.
describe("the heap's growth, held while people arrive", () => {
  let node: NodeProcess;
  beforeAll(async () => {
    node = await spawnServerNode({ env: { ...limitsOff, HEAP_GROWTH_SETTLE_MS: "500" } });
  }, 60_000);
  afterAll(async () => {
    await node?.kill("SIGTERM");
  });

  it("is left to V8 once arrivals settle, held while a wave of connections opens, then left to V8 again", async () => {
    await waitFor(async () => (await heapGrowthHeld(node)) === 0, "the node, idle since it started, to leave the growth to V8", 10_000);
    // More than the policy's 20 a second, even if they open across two of its samples.
    const clients = await Promise.all(Array.from({ length: 60 }, () => connectClient(node.url)));
    try {
      await waitFor(async () => (await heapGrowthHeld(node)) === 1, "the wave of connections to hold the growth", 10_000);
    } finally {
      for (const client of clients) client.close();
    }
    await waitFor(async () => (await heapGrowthHeld(node)) === 0, "the growth to be left to V8 again once they settled", 10_000);
    expect(node.exitCode()).toBeNull();
  }, 40_000);
});
