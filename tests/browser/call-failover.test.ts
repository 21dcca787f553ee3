import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBalancer, startCoturn, startRedis, spawnServerNode, uniquePrefix, waitFor, type Balancer, type NodeProcess, type TestCoturn, type TestRedis } from "@mockloop/test-support";
import {
  CALL_CHROMIUM_ARGS,
  findChromium,
  joinCall,
  LAPTOP,
  launchChromium,
  readMediaStats,
  recordPeerConnections,
  waitForGrowth,
} from "@mockloop/test-support/browser";

/**
 * The call across server nodes: the interviewer's page on node A, the candidate's on node B, so signalling
 * crosses nodes through Redis. Node B is SIGKILLed; the candidate's page reconnects through its balancer to A,
 * rejoins by itself, and the call carries on, renegotiating through the surviving node.
 */

const chromiumLookup = findChromium();
const suite = chromiumLookup.found ? describe : describe.skip;
const webDist = fileURLToPath(new URL("../../apps/web/dist/", import.meta.url));
const RECOVERY_MS = 10_000;

suite(chromiumLookup.found ? "the call when a server node dies" : `the call failover (skipped: ${chromiumLookup.skipReason})`, () => {
  let redis: TestRedis | undefined;
  let coturn: TestCoturn | undefined;
  let browser: Browser | undefined;
  const nodes: NodeProcess[] = [];
  const balancers: Balancer[] = [];

  beforeAll(async () => {
    if (!chromiumLookup.found) return;
    [redis, coturn] = await Promise.all([startRedis(), startCoturn()]);
    const env = {
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: uniquePrefix("call-failover"),
      WEB_DIST_DIR: webDist,
      TURN_URLS: coturn.url,
      TURN_SECRET: coturn.secret,
      ICE_TRANSPORT_POLICY: "relay",
    };
    nodes.push(...(await Promise.all([spawnServerNode({ env }), spawnServerNode({ env })])));
    browser = await launchChromium(chromiumLookup.executablePath, CALL_CHROMIUM_ARGS);
  });
  afterAll(async () => {
    await browser?.close();
    for (const balancer of balancers) await balancer.close();
    await Promise.all(nodes.map((node) => node.kill("SIGTERM")));
    await coturn?.stop();
    await redis?.stop();
  });

  async function newPage(): Promise<Page> {
    if (!browser) throw new Error("browser not started");
    const page = await (await browser.newContext({ viewport: LAPTOP })).newPage();
    page.on("pageerror", (error) => console.error(`page error: ${error.message}`));
    await recordPeerConnections(page);
    return page;
  }

  async function joinRoom(page: Page, url: string, name: string, role: "interviewer" | "candidate") {
    await page.goto(url);
    const form = page.getByTestId("join-form");
    await form.getByTestId("name-input").fill(name);
    await form.getByTestId("role-select").selectOption(role);
    await form.getByTestId("join-button").click();
    await page.getByTestId("call-panel").waitFor();
  }

  /** The direction the interviewer's link now receives the candidate's video in, as last negotiated. */
  const videoDirection = (page: Page) =>
    page.evaluate(() => {
      const pcs = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections.filter((pc) => pc.connectionState !== "closed");
      return pcs[0]?.getTransceivers().find((t) => t.receiver.track.kind === "video")?.currentDirection ?? null;
    });

  const peerConnectionsMade = (page: Page) => page.evaluate(() => (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections.length);

  it("recovers within 10 s when the node under the candidate is killed", async () => {
    const [nodeA, nodeB] = nodes as [NodeProcess, NodeProcess];
    const viaA = await startBalancer(() => [nodeA.port, nodeB.port]);
    const viaB = await startBalancer(() => [nodeB.port, nodeA.port]);
    balancers.push(viaA, viaB);
    const response = await fetch(`${nodeA.url}/api/rooms`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ trackId: "amazon-tpm", stageId: "drill" }),
    });
    const { roomId } = (await response.json()) as { roomId: string };

    const interviewer = await newPage();
    const candidate = await newPage();
    await joinRoom(interviewer, `${viaA.url}/r/${roomId}`, "Iris", "interviewer");
    await joinRoom(candidate, `${viaB.url}/r/${roomId}`, "Cam", "candidate");
    await joinCall(interviewer);
    await joinCall(candidate);
    for (const page of [interviewer, candidate]) {
      await waitForGrowth(async () => (await readMediaStats(page)).inbound[0]?.video ?? 0, "video across nodes");
    }

    const killedAt = Date.now();
    await nodeB.kill("SIGKILL");
    // The candidate's page notices, reconnects through its balancer to node A, and rejoins by itself.
    await candidate.getByTestId("reconnecting-banner").waitFor({ timeout: RECOVERY_MS });
    await candidate.getByTestId("reconnecting-banner").waitFor({ state: "detached", timeout: RECOVERY_MS });
    // Media still flows both ways, and the call negotiates again through the surviving node: audio only
    // on the candidate's side is an offer and an answer.
    for (const page of [interviewer, candidate]) {
      await waitForGrowth(async () => (await readMediaStats(page)).inbound[0]?.audio ?? 0, "audio after the failover", RECOVERY_MS);
    }
    await candidate.getByTestId("call-audio-only-button").click();
    await waitFor(async () => (await videoDirection(interviewer)) === "inactive", "the audio-only renegotiation to complete", RECOVERY_MS);
    const recoveredMs = Date.now() - killedAt;
    process.stdout.write(`call recovered ${recoveredMs} ms after the node was killed\n`);
    expect(recoveredMs).toBeLessThan(RECOVERY_MS);
    expect(await interviewer.getByTestId("call-stage").innerText()).toContain("Audio only");

    // A blip on the interviewer's side: the socket drops and comes back through the same balancer. The server
    // tells the room the connection closed, but the peer connection, which needs no server, is kept.
    const madeBefore = await Promise.all([interviewer, candidate].map(peerConnectionsMade));
    viaA.dropConnections();
    await interviewer.getByTestId("reconnecting-banner").waitFor({ timeout: RECOVERY_MS });
    await interviewer.getByTestId("reconnecting-banner").waitFor({ state: "detached", timeout: RECOVERY_MS });
    await waitForGrowth(async () => (await readMediaStats(candidate)).inbound[0]?.audio ?? 0, "audio after the blip");
    expect(await Promise.all([interviewer, candidate].map(peerConnectionsMade))).toEqual(madeBefore);
    expect((await readMediaStats(candidate)).connections).toBe(1);

    // And back: video flows again once audio-only mode is off.
    await candidate.getByTestId("call-audio-only-button").click();
    await waitFor(async () => (await videoDirection(interviewer)) === "sendrecv", "video to be negotiated back");
    await waitForGrowth(async () => (await readMediaStats(interviewer)).inbound[0]?.video ?? 0, "video after audio-only mode");
  });
});
