import { describe, expect, it } from "vitest";
import { arrangeTiles } from "./layout.ts";

describe("call tiles", () => {
  it("puts the interviewer and candidate first and large, observers after and small", () => {
    const arranged = arrangeTiles([
      { id: "o1", role: "observer" as const },
      { id: "c", role: "candidate" as const },
      { id: "o2", role: "observer" as const },
      { id: "i", role: "interviewer" as const },
    ]);
    expect(arranged.map(({ tile, size }) => `${tile.id}:${size}`)).toEqual(["i:large", "c:large", "o1:small", "o2:small"]);
  });

  it("makes everyone large when nobody in the call leads the round", () => {
    const arranged = arrangeTiles([
      { id: "a", role: "observer" as const },
      { id: "b", role: "observer" as const },
    ]);
    expect(arranged.map(({ size }) => size)).toEqual(["large", "large"]);
  });
});
