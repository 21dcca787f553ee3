import { describe, expect, it } from "vitest";
import { MAX_ELEMENTS_PER_UPDATE, boardElementSchema, boardUpdatePayloadSchema, mayDrawOnBoard } from "../src/index.ts";

const rectangle = { id: "Ab3_-x", type: "rectangle", version: 3, versionNonce: 123_456, isDeleted: false, index: "a0", x: 1, strokeColor: "#1e1e1e" };

describe("board schemas", () => {
  it("checks what the merge relies on and keeps the rest of an element as Excalidraw wrote it", () => {
    expect(boardElementSchema.parse(rectangle)).toEqual(rectangle);
    for (const broken of [
      { ...rectangle, version: 0 },
      { ...rectangle, version: 1.5 },
      { ...rectangle, versionNonce: "7" },
      { ...rectangle, isDeleted: undefined },
      { ...rectangle, id: "" },
      { ...rectangle, id: "a/b" },
      { ...rectangle, type: "hologram" },
      { ...rectangle, index: "x".repeat(201) },
    ]) {
      expect(boardElementSchema.safeParse(broken).success, JSON.stringify(broken)).toBe(false);
    }
  });

  it("takes 1 to MAX_ELEMENTS_PER_UPDATE elements per update, for a positive round", () => {
    const many = (count: number) => Array.from({ length: count }, (_, index) => ({ ...rectangle, id: `e${index}` }));
    expect(boardUpdatePayloadSchema.safeParse({ round: 1, elements: many(MAX_ELEMENTS_PER_UPDATE) }).success).toBe(true);
    expect(boardUpdatePayloadSchema.safeParse({ round: 1, elements: many(MAX_ELEMENTS_PER_UPDATE + 1) }).success).toBe(false);
    expect(boardUpdatePayloadSchema.safeParse({ round: 1, elements: [] }).success).toBe(false);
    expect(boardUpdatePayloadSchema.safeParse({ round: 0, elements: many(1) }).success).toBe(false);
  });

  it("lets the candidate and the interviewer draw; observers only in a study group whose host allowed it", () => {
    expect(mayDrawOnBoard("candidate", "pair", false)).toBe(true);
    expect(mayDrawOnBoard("interviewer", "group", false)).toBe(true);
    expect(mayDrawOnBoard("observer", "pair", false)).toBe(false);
    expect(mayDrawOnBoard("observer", "pair", true)).toBe(false);
    expect(mayDrawOnBoard("observer", "group", false)).toBe(false);
    expect(mayDrawOnBoard("observer", "group", true)).toBe(true);
  });
});
