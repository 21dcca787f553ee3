import { describe, expect, it } from "vitest";
import { qualityLevel, readQuality } from "./quality.ts";

const report = (bytes: number, received: number, lost: number) => [
  { id: "T1", type: "transport", selectedCandidatePairId: "P1" },
  { id: "P1", type: "candidate-pair", localCandidateId: "L1", currentRoundTripTime: 0.042, nominated: true, state: "succeeded" },
  { id: "L1", type: "local-candidate", candidateType: "relay" },
  { id: "A", type: "inbound-rtp", kind: "audio", bytesReceived: bytes / 4, packetsReceived: received / 2, packetsLost: lost / 2 },
  { id: "V", type: "inbound-rtp", kind: "video", bytesReceived: (bytes * 3) / 4, packetsReceived: received / 2, packetsLost: lost / 2 },
];

describe("call quality from getStats()", () => {
  it("reads round trip, loss and bitrate over the interval, and the route", () => {
    const first = readQuality(report(100_000, 1_000, 0), null, 0);
    expect(first.quality).toEqual({ rttMs: 42, loss: 0, inboundKbps: 0, route: "relay" });
    const second = readQuality(report(350_000, 1_900, 100), first.sample, 2_000);
    expect(second.quality).toEqual({ rttMs: 42, loss: 0.1, inboundKbps: 1_000, route: "relay" });
  });

  it("calls it good, fair or poor", () => {
    expect(qualityLevel({ rttMs: 40, loss: 0, inboundKbps: 900, route: "direct" })).toBe("good");
    expect(qualityLevel({ rttMs: 400, loss: 0, inboundKbps: 900, route: "direct" })).toBe("fair");
    expect(qualityLevel({ rttMs: 40, loss: 0.05, inboundKbps: 900, route: "direct" })).toBe("fair");
    expect(qualityLevel({ rttMs: 40, loss: 0.2, inboundKbps: 900, route: "direct" })).toBe("poor");
  });
});
