import { gzipSync } from "node:zlib";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCoturn, waitFor, type TestCoturn } from "@mockloop/test-support";
import {
  artifacts,
  CALL_CHROMIUM_ARGS,
  findChromium,
  joinCall,
  PHONE,
  readMediaStats,
  recordPeerConnections,
  useBrowserAndServer,
  waitForGrowth,
  waitForStall,
} from "@mockloop/test-support/browser";
import { turnCredential } from "../../apps/server/src/features/call/index.ts";

/**
 * The call in real Chromium windows with fake camera, microphone and screen. Every call runs relay-only through a
 * real coturn on 127.0.0.1 with credentials our server issues, so every media packet stays on loopback.
 */

const chromiumLookup = findChromium();
const suite = chromiumLookup.found ? describe : describe.skip;
const POLL = { timeout: 15_000 };

suite(chromiumLookup.found ? "the call in the browser" : `the call (skipped: ${chromiumLookup.skipReason})`, () => {
  // The file's coturn, whose port and secret the server's credentials are for; a test that stops it starts it again as the same server.
  let coturn: TestCoturn | undefined;
  beforeAll(async () => {
    coturn = await startCoturn();
  });
  afterAll(async () => {
    await coturn?.stop();
  });
  const turn = () => {
    if (!coturn) throw new Error("coturn not started");
    return coturn;
  };
  const env = useBrowserAndServer(
    chromiumLookup,
    () => ({ TURN_URLS: turn().url, TURN_SECRET: turn().secret, TURN_TTL_SECONDS: "600", ICE_TRANSPORT_POLICY: "relay" }),
    { chromiumArgs: CALL_CHROMIUM_ARGS },
  );

  // Pages on http://localhost: a secure context, as camera and microphone need.
  const pageUrl = (path: string) => env.url(path).replace("//127.0.0.1:", "//localhost:");

  async function newPage(): Promise<Page> {
    const page = await env.page();
    await recordPeerConnections(page);
    return page;
  }

  async function createRoom(kind: "pair" | "group"): Promise<string> {
    const response = await fetch(env.url("/api/rooms"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ trackId: "amazon-tpm", stageId: "drill", kind }),
    });
    const { roomId } = (await response.json()) as { roomId: string };
    return roomId;
  }

  async function joinRoom(page: Page, roomId: string, name: string, role?: "interviewer" | "candidate" | "observer") {
    await page.goto(pageUrl(`/r/${roomId}`));
    const form = page.getByTestId("join-form");
    await form.getByTestId("name-input").fill(name);
    if (role) await form.getByTestId("role-select").selectOption(role);
    await form.getByTestId("join-button").click();
    await page.getByTestId("call-panel").waitFor();
    return (await page.locator('[data-testid^="participant-"]', { hasText: "(you)" }).getAttribute("data-testid"))?.replace("participant-", "") ?? "";
  }

  /** A new pair room with its interviewer and candidate each on a page of their own, joined (not yet in the call). */
  async function pairInRoom() {
    const roomId = await createRoom("pair");
    const interviewer = await newPage();
    const candidate = await newPage();
    const interviewerId = await joinRoom(interviewer, roomId, "Ivy Interviewer", "interviewer");
    const candidateId = await joinRoom(candidate, roomId, "Cam Candidate", "candidate");
    return { interviewer, candidate, interviewerId, candidateId };
  }

  // A call keeps encoding video: close its windows when a test is done, so later tests get the CPU.
  const closeAll = (...pages: Page[]) => Promise.all(pages.map((page) => page.context().close()));
  const screenshot = (page: Page, name: string) => page.getByTestId("call-panel").screenshot({ path: `${artifacts}${name}.png` });
  const inboundFrom = (page: Page, kind: "audio" | "video") => async () => (await readMediaStats(page)).inbound.reduce((sum, one) => sum + one[kind], 0);
  const outbound = (page: Page, kind: "audio" | "video") => async () => (await readMediaStats(page)).outbound[kind];

  // First-load JS is measured by the web build (apps/web/scripts/bundle-size.ts, against its budget); here, that
  // the call's code stays out of the room page until someone opens the call.
  it("loads the call's code only when someone opens the call", async () => {
    const page = await env.page();
    const scripts = new Map<string, number>();
    page.on("response", (response) => {
      if (response.url().endsWith(".js")) void response.body().then((body) => scripts.set(response.url(), gzipSync(body).length));
    });
    const roomId = await createRoom("pair");
    await joinRoom(page, roomId, "Lena", "interviewer");
    const callChunk = () => [...scripts.entries()].find(([url]) => url.includes("CallExperience"));
    expect(callChunk()).toBeUndefined();
    await page.getByTestId("call-join-button").click();
    await waitFor(() => callChunk() !== undefined, "the call's chunk to load on demand");
    process.stdout.write(`the call's chunk: ${((callChunk()?.[1] ?? 0) / 1000).toFixed(2)} kB gzipped\n`);
    await page.getByTestId("call-preview").waitFor();
    await page.getByTestId("call-cancel-button").click();
    await page.getByTestId("call-join-button").waitFor();
    await closeAll(page);
  });

  it("connects a pair through the TURN relay: both receive audio and video; mute, camera off and screen share act on what is sent", async () => {
    const { interviewer, candidate, interviewerId, candidateId } = await pairInRoom();

    await interviewer.getByTestId("call-join-button").click();
    await interviewer.getByTestId("call-preview").waitFor();
    await expect.poll(() => interviewer.getByTestId("call-camera-select").locator("option").count(), POLL).toBeGreaterThan(0);
    await screenshot(interviewer, "call-preview-laptop");
    await interviewer.getByTestId("call-enter-button").click();
    await joinCall(candidate);

    // Each sees the other's tile, named and labelled with their role, connected.
    await expect.poll(() => interviewer.getByTestId(`call-tile-${candidateId}`).getAttribute("data-connection"), POLL).toBe("connected");
    await expect.poll(() => candidate.getByTestId(`call-tile-${interviewerId}`).getAttribute("data-connection"), POLL).toBe("connected");
    expect(await candidate.getByTestId(`call-tile-${interviewerId}`).innerText()).toContain("Ivy Interviewer");
    expect(await candidate.getByTestId(`call-tile-${interviewerId}`).innerText()).toContain("Interviewer");

    // Both directions carry audio and video, and only through the relay (the policy allows nothing else).
    for (const page of [interviewer, candidate]) {
      await waitForGrowth(inboundFrom(page, "audio"), "audio received");
      await waitForGrowth(inboundFrom(page, "video"), "video received");
      const stats = await readMediaStats(page);
      expect(stats.connections).toBe(1);
      expect(stats.routes).toEqual(["relay/relay"]);
    }
    await expect.poll(() => candidate.getByTestId(`call-tile-${interviewerId}`).getByTestId("call-quality").getAttribute("data-level"), POLL).toBe("good");
    await expect.poll(() => candidate.getByTestId(`call-tile-${interviewerId}`).getAttribute("data-speaking"), POLL).toBe("true");
    await screenshot(interviewer, "call-pair-laptop");
    await candidate.setViewportSize(PHONE);
    await screenshot(candidate, "call-pair-phone");

    // Mute: no more audio leaves the interviewer's page; the candidate sees the badge. Unmute: it flows again.
    await interviewer.getByTestId("call-mute-button").click();
    await waitForStall(outbound(interviewer, "audio"), "audio sent while muted");
    await expect.poll(() => candidate.getByTestId(`call-tile-${interviewerId}`).innerText(), POLL).toContain("Muted");
    await interviewer.getByTestId("call-mute-button").click();
    await waitForGrowth(outbound(interviewer, "audio"), "audio sent after unmuting");

    // Camera off: no more video leaves; the candidate's tile shows the initial instead.
    await interviewer.getByTestId("call-camera-button").click();
    await waitForStall(outbound(interviewer, "video"), "video sent with the camera off");
    expect((await readMediaStats(interviewer)).videoSources).toEqual(["none"]);
    await candidate.getByTestId(`call-tile-${interviewerId}`).getByTestId("call-avatar").waitFor();

    // Screen share: a screen track is sent, and the candidate sees it as a shared screen.
    await candidate.getByTestId("call-screen-button").click();
    await expect.poll(async () => (await readMediaStats(candidate)).videoSources, POLL).toEqual(["screen"]);
    await waitForGrowth(inboundFrom(interviewer, "video"), "the shared screen received");
    await expect.poll(() => interviewer.getByTestId(`call-tile-${candidateId}`).innerText(), POLL).toContain("Sharing screen");
    await interviewer.getByTestId("call-camera-button").click();
    await expect.poll(async () => (await readMediaStats(interviewer)).videoSources, POLL).toEqual(["camera"]);
    await screenshot(interviewer, "call-screen-share-laptop");

    // Leaving the call closes its peer connection on both sides.
    await candidate.getByTestId("call-leave-button").click();
    await expect.poll(async () => (await readMediaStats(candidate)).connections, POLL).toBe(0);
    await expect.poll(() => interviewer.getByTestId(`call-tile-${candidateId}`).count(), POLL).toBe(0);
    await expect.poll(async () => (await readMediaStats(interviewer)).connections, POLL).toBe(0);
    await closeAll(interviewer, candidate);
  });

  it("heals by itself when the relay goes away and comes back: both sides restart ICE, and audio and video flow again", async () => {
    const { interviewer, candidate, interviewerId, candidateId } = await pairInRoom();
    await joinCall(interviewer);
    await joinCall(candidate);
    const tileOf = (page: Page, id: string) => page.getByTestId(`call-tile-${id}`);
    const pairs = [
      [interviewer, candidateId],
      [candidate, interviewerId],
    ] as const;
    for (const [page, other] of pairs) await expect.poll(() => tileOf(page, other).getAttribute("data-connection"), POLL).toBe("connected");
    for (const [page] of pairs) await waitForGrowth(inboundFrom(page, "video"), "video received before the relay goes");

    // The only path (relay-only) goes, with every allocation on it: no packet gets through until an ICE restart.
    const { port, secret } = turn();
    await turn().stop();
    try {
      for (const [page, other] of pairs) {
        await expect.poll(() => tileOf(page, other).getAttribute("data-connection"), POLL).not.toBe("connected");
        await waitForStall(inboundFrom(page, "video"), "video received with the relay gone");
      }
      await screenshot(candidate, "call-reconnecting-laptop");
    } finally {
      // The same server comes back (same port and secret, so the credentials still hold), with none of the old allocations.
      coturn = await startCoturn({ port, secret });
    }

    const restarted = Date.now();
    for (const [page, other] of pairs) await expect.poll(() => tileOf(page, other).getAttribute("data-connection"), { timeout: 60_000 }).toBe("connected");
    for (const [page] of pairs) {
      await waitForGrowth(inboundFrom(page, "audio"), "audio received again");
      await waitForGrowth(inboundFrom(page, "video"), "video received again");
      expect((await readMediaStats(page)).routes).toEqual(["relay/relay"]);
    }
    process.stdout.write(`the call was back ${((Date.now() - restarted) / 1000).toFixed(1)} s after the relay returned\n`);
    await closeAll(interviewer, candidate);
  });

  it("connects a study group of three: every page receives every other page's audio and video, 6 directed streams", async () => {
    const roomId = await createRoom("group");
    const pages = [await newPage(), await newPage(), await newPage()];
    const [host, second, third] = pages as [Page, Page, Page];
    await joinRoom(host, roomId, "Hana Host");
    await joinRoom(second, roomId, "Ivo Member");
    await joinRoom(third, roomId, "Jo Member");
    // The host starts the first round: one interviewer and one candidate, the third observes.
    await host.getByTestId("group-rounds-input").fill("3");
    await host.getByTestId("group-plan").click();
    await host.getByTestId("group-next").click();
    for (const page of pages) await expect.poll(() => page.getByTestId("rotation-current").count(), POLL).toBe(1);

    await Promise.all(pages.map((page) => joinCall(page)));
    for (const page of pages) await expect.poll(async () => (await readMediaStats(page)).connections, POLL).toBe(2);
    const before = await Promise.all(pages.map((page) => readMediaStats(page)));
    await waitFor(
      async () => {
        const now = await Promise.all(pages.map((page) => readMediaStats(page)));
        return now.every((stats, p) =>
          stats.inbound.length === 2 &&
          stats.inbound.every((one, c) => one.audio > (before[p]?.inbound[c]?.audio ?? 0) && one.video > (before[p]?.inbound[c]?.video ?? 0)),
        );
      },
      "audio and video to flow on all 6 directed streams",
      20_000,
    );
    for (const page of pages) expect((await readMediaStats(page)).routes).toEqual(["relay/relay", "relay/relay"]);

    // The round's interviewer and candidate are large on every page; the observer is small.
    for (const page of pages) {
      await expect.poll(() => page.locator('[data-testid^="call-tile-"][data-size="large"]').count(), POLL).toBe(2);
      await expect.poll(() => page.locator('[data-testid^="call-tile-"][data-size="small"]').count(), POLL).toBe(1);
    }
    await screenshot(host, "call-group-laptop");
    await third.setViewportSize(PHONE);
    await screenshot(third, "call-group-phone");

    // Leaving the room closes that person's peer connections, on their page and on the others'.
    third.once("dialog", (dialog) => void dialog.accept());
    await third.getByRole("button", { name: "Leave room" }).click();
    await expect.poll(async () => (await readMediaStats(third)).connections, POLL).toBe(0);
    for (const page of [host, second]) await expect.poll(async () => (await readMediaStats(page)).connections, POLL).toBe(1);
    await closeAll(...pages);
  });

  it("keeps the round going when the call cannot connect: timer and questions are untouched", async () => {
    const roomId = await createRoom("pair");
    const interviewer = await newPage();
    const candidate = await env.page();
    // This browser refuses WebRTC outright, as a policy or an extension can.
    await candidate.addInitScript(() => {
      window.RTCPeerConnection = class {
        constructor() {
          throw new DOMException("WebRTC is disabled", "NotSupportedError");
        }
      } as unknown as typeof RTCPeerConnection;
    });
    await joinRoom(interviewer, roomId, "Ivy Interviewer", "interviewer");
    await joinRoom(candidate, roomId, "Cam Candidate", "candidate");
    await joinCall(interviewer);
    await joinCall(candidate);
    await expect.poll(() => candidate.getByTestId("call-stage").innerText(), POLL).toContain("would not open a call connection");

    await interviewer.getByTestId("timer-start").click();
    await expect.poll(() => candidate.getByTestId("timer-display").getAttribute("data-status"), POLL).toBe("running");
    await interviewer.getByTestId("push-suggested").click();
    await expect.poll(async () => (await candidate.getByTestId("current-prompt").innerText()).length, POLL).toBeGreaterThan(10);
    await closeAll(interviewer, candidate);
  });

  it("says clearly when permission is denied, when there is no device, and when one is unplugged", async () => {
    const roomId = await createRoom("group");
    const refusals = [
      ["NotAllowedError", "not letting this page use your camera and microphone"],
      ["NotFoundError", "No camera or microphone was found"],
    ] as const;
    for (const [name, message] of refusals) {
      const page = await env.page();
      // The browser's answer, as a person who clicked "Block" or has no devices would get it.
      await page.addInitScript((errorName) => {
        navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException("refused", errorName));
      }, name);
      await joinRoom(page, roomId, `Person ${name}`);
      await page.getByTestId("call-join-button").click();
      await expect.poll(() => page.getByTestId("call-problem").innerText(), POLL).toContain(message);
      expect(await page.getByTestId("call-enter-button").isDisabled()).toBe(true);
      if (name === "NotAllowedError") await screenshot(page, "call-permission-denied-laptop");
      await closeAll(page);
    }

    const page = await newPage();
    await joinRoom(page, roomId, "Una Plugged");
    await joinCall(page);
    // The camera goes away mid-call: its track ends, as the browser ends it when a device is unplugged.
    await page.evaluate(() => {
      const video = document.querySelector<HTMLVideoElement>('[data-testid^="call-tile-"] video');
      (video?.srcObject as MediaStream | null)?.getVideoTracks()[0]?.dispatchEvent(new Event("ended"));
    });
    await expect.poll(() => page.getByTestId("call-problem").innerText(), POLL).toContain("Your camera was disconnected");
    expect(await page.getByTestId("call-camera-button").innerText()).toBe("Camera on");
    await closeAll(page);
  });

  // Credentials our server issues carry every call above through coturn (relay-only); here, an expired one.
  it("coturn refuses an expired TURN credential: no relay, a 401", async () => {
    const roomId = await createRoom("pair");
    const page = await newPage();
    const participantId = await joinRoom(page, roomId, "Tess", "candidate");
    const expired = turnCredential({ secret: turn().secret, participantId, ttlSeconds: 60, nowMs: Date.now() - 2 * 60 * 60_000 });
    const outcome = await page.evaluate(
      async ({ url, expired }) => {
        const gather = async (server: RTCIceServer) => {
          const pc = new RTCPeerConnection({ iceServers: [server], iceTransportPolicy: "relay" });
          const errors: number[] = [];
          const relays: string[] = [];
          pc.addEventListener("icecandidateerror", (event) => errors.push((event as RTCPeerConnectionIceErrorEvent).errorCode));
          const done = new Promise<void>((resolve) => {
            pc.addEventListener("icecandidate", (event) => (event.candidate ? relays.push(event.candidate.type ?? "") : resolve()));
          });
          pc.addTransceiver("audio");
          await pc.setLocalDescription();
          await done;
          pc.close();
          return { errors, relays };
        };
        return { expired: await gather({ urls: [url], ...expired }) };
      },
      { url: turn().url, expired: { username: expired.username, credential: expired.credential } },
    );
    expect(outcome.expired.relays).toEqual([]);
    expect(outcome.expired.errors).toContain(401);
  });
});
