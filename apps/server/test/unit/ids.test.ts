import { describe, expect, it } from "vitest";
import { newParticipantId, newParticipantToken, newRoomId, randomText } from "../../src/core/ids.ts";

const base64url = /^[A-Za-z0-9_-]+$/;

describe("ids", () => {
  it("gives room ids, participant ids and tokens their full number of random bits, as base64url", () => {
    for (const [make, length] of [
      [newRoomId, 22],
      [newParticipantId, 12],
      [newParticipantToken, 43],
    ] as const) {
      const id = make();
      expect(id).toMatch(base64url);
      expect(id).toHaveLength(length);
    }
  });

  it("never hands out the same bytes twice, across many refills of the pool", () => {
    // 6,000 tokens draw 192 KB: the 4 KB pool is refilled about 47 times.
    const tokens = Array.from({ length: 6_000 }, newParticipantToken);
    expect(new Set(tokens).size).toBe(tokens.length);
    // Bytes handed out in a row do not overlap: no 8-byte run of them appears twice.
    const bytes = Buffer.concat(Array.from({ length: 600 }, () => Buffer.from(randomText(7), "base64url")));
    const runs = new Set<string>();
    for (let at = 0; at + 8 <= bytes.length; at++) runs.add(bytes.toString("hex", at, at + 8));
    expect(runs.size).toBe(bytes.length - 7);
  });

  it("refuses to draw more than the pool holds at once", () => {
    expect(() => randomText(4_097)).toThrow(RangeError);
  });
});
