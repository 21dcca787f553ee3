import type { Page } from "playwright-core";
import { waitFor } from "./wait.ts";

/** What one page's peer connections have moved so far, read from RTCPeerConnection.getStats(). */
export interface PageMediaStats {
  /** Open peer connections. */
  connections: number;
  /** Per open connection: bytes received of each kind. */
  inbound: { audio: number; video: number }[];
  outbound: { audio: number; video: number };
  /** The local and remote candidate types of each connection's selected pair, e.g. "relay/relay". */
  routes: string[];
  /** What the video senders send: "camera", "screen" or "none". */
  videoSources: string[];
}

/**
 * Run before the page loads: keeps a list of every RTCPeerConnection the page makes, so a test can read their
 * stats. Test-only; the app itself has no such hook.
 */
export async function recordPeerConnections(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const Original = window.RTCPeerConnection;
    const made: RTCPeerConnection[] = [];
    (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections = made;
    window.RTCPeerConnection = class extends Original {
      constructor(configuration?: RTCConfiguration) {
        super(configuration);
        made.push(this);
      }
    };
  });
}

export function readMediaStats(page: Page): Promise<PageMediaStats> {
  return page.evaluate(async () => {
    const all = (window as unknown as { __peerConnections?: RTCPeerConnection[] }).__peerConnections ?? [];
    const open = all.filter((pc) => pc.connectionState !== "closed");
    const result: PageMediaStats = { connections: open.length, inbound: [], outbound: { audio: 0, video: 0 }, routes: [], videoSources: [] };
    for (const pc of open) {
      const report = await pc.getStats();
      const inbound = { audio: 0, video: 0 };
      let pairId: string | undefined;
      const byId = new Map<string, Record<string, string>>();
      report.forEach((entry: Record<string, unknown>) => {
        byId.set(String(entry.id), entry as Record<string, string>);
        const kind = entry.kind === "audio" ? "audio" : "video";
        if (entry.type === "inbound-rtp") inbound[kind] += Number(entry.bytesReceived ?? 0);
        if (entry.type === "outbound-rtp") result.outbound[kind] += Number(entry.bytesSent ?? 0);
        if (entry.type === "transport") pairId = entry.selectedCandidatePairId as string | undefined;
      });
      result.inbound.push(inbound);
      const pair = pairId ? byId.get(pairId) : undefined;
      if (pair) {
        const local = byId.get(pair.localCandidateId ?? "");
        const remote = byId.get(pair.remoteCandidateId ?? "");
        result.routes.push(`${local?.candidateType}/${remote?.candidateType}`);
      }
      for (const transceiver of pc.getTransceivers()) {
        if (transceiver.receiver.track.kind !== "video") continue;
        const track = transceiver.sender.track;
        const settings = track?.getSettings() as (MediaTrackSettings & { displaySurface?: string }) | undefined;
        result.videoSources.push(!track ? "none" : settings?.displaySurface ? "screen" : "camera");
      }
    }
    return result;
  });
}

/** Waits until `read` grows past what it was when this was called. */
export async function waitForGrowth(read: () => Promise<number>, what: string, timeoutMs = 15_000): Promise<void> {
  const start = await read();
  await waitFor(async () => (await read()) > start, `${what} to grow`, timeoutMs);
}

/** Waits until `read` has stopped growing: the same value over `quietMs` of readings. */
export async function waitForStall(read: () => Promise<number>, what: string, quietMs = 1_500, timeoutMs = 15_000): Promise<void> {
  let last = await read();
  let since = Date.now();
  await waitFor(
    async () => {
      const now = await read();
      if (now !== last) {
        last = now;
        since = Date.now();
      }
      return Date.now() - since >= quietMs;
    },
    `${what} to stop growing`,
    timeoutMs,
  );
}

/** Opens the call on a joined room page and joins it from the preview. */
export async function joinCall(page: Page): Promise<void> {
  await page.getByTestId("call-join-button").click();
  const enter = page.getByTestId("call-enter-button");
  await waitFor(() => enter.isEnabled(), "the call preview to be ready", 15_000);
  await enter.click();
  await page.getByTestId("call-stage").waitFor({ timeout: 15_000 });
}
