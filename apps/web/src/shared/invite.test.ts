import { describe, expect, it } from "vitest";
import { parseInvite } from "./invite.ts";

describe("parseInvite", () => {
  const id = "AbCdEfGhIjKlMnOpQrStUv";
  it("accepts a full link, a path or a bare id", () => {
    expect(parseInvite(`https://mockloop.example/r/${id}`)).toBe(id);
    expect(parseInvite(`http://localhost:5173/r/${id}/scorecard?x=1#y`)).toBe(id);
    expect(parseInvite(`/r/${id}`)).toBe(id);
    expect(parseInvite(`  ${id}  `)).toBe(id);
  });
  it("rejects text without a room id", () => {
    expect(parseInvite("")).toBeNull();
    expect(parseInvite("hello")).toBeNull();
    expect(parseInvite("https://mockloop.example/")).toBeNull();
    expect(parseInvite("https://mockloop.example/r/short")).toBeNull();
    expect(parseInvite("https://mockloop.example/r/%E0%A4%A")).toBeNull();
  });
});
