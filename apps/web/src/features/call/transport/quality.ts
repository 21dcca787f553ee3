import type { PeerQuality } from "./media-transport.ts";

/** Counters kept from one reading of getStats() to the next. */
export interface StatsSample {
  at: number;
  bytesReceived: number;
  packetsReceived: number;
  packetsLost: number;
}

interface StatsEntry {
  type: string;
  [key: string]: unknown;
}

const num = (value: unknown): number => (typeof value === "number" && Number.isFinite(value) ? value : 0);

/** Reads one getStats() report: the selected candidate pair and what we receive, against the previous sample. */
export function readQuality(report: Iterable<StatsEntry>, previous: StatsSample | null, at: number): { quality: PeerQuality; sample: StatsSample } {
  const entries = [...report];
  const byId = new Map(entries.map((entry) => [entry.id as string, entry]));
  const transport = entries.find((entry) => entry.type === "transport");
  const pair =
    byId.get(transport?.selectedCandidatePairId as string) ??
    entries.find((entry) => entry.type === "candidate-pair" && entry.nominated === true && entry.state === "succeeded");
  const local = pair ? byId.get(pair.localCandidateId as string) : undefined;
  const inbound = entries.filter((entry) => entry.type === "inbound-rtp");
  const sample: StatsSample = {
    at,
    bytesReceived: inbound.reduce((sum, entry) => sum + num(entry.bytesReceived), 0),
    packetsReceived: inbound.reduce((sum, entry) => sum + num(entry.packetsReceived), 0),
    packetsLost: inbound.reduce((sum, entry) => sum + Math.max(0, num(entry.packetsLost)), 0),
  };
  const seconds = previous ? (at - previous.at) / 1000 : 0;
  const received = previous ? sample.packetsReceived - previous.packetsReceived : 0;
  const lost = previous ? sample.packetsLost - previous.packetsLost : 0;
  const rtt = pair?.currentRoundTripTime;
  return {
    sample,
    quality: {
      rttMs: typeof rtt === "number" ? Math.round(rtt * 1000) : null,
      loss: received + lost > 0 ? Math.max(0, lost) / (received + lost) : 0,
      inboundKbps: seconds > 0 ? Math.max(0, Math.round(((sample.bytesReceived - (previous?.bytesReceived ?? 0)) * 8) / 1000 / seconds)) : 0,
      route: local ? (local.candidateType === "relay" ? "relay" : "direct") : null,
    },
  };
}

export type QualityLevel = "good" | "fair" | "poor";

/** A simple verdict for the indicator: round trips and loss that people start to notice. */
export function qualityLevel(quality: PeerQuality): QualityLevel {
  const rtt = quality.rttMs ?? 0;
  if (rtt > 600 || quality.loss > 0.08) return "poor";
  if (rtt > 300 || quality.loss > 0.02) return "fair";
  return "good";
}
