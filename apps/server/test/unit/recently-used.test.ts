import { describe, expect, it } from "vitest";
import { RecentlyUsed, SeenRecently } from "../../src/core/recently-used.ts";

describe("RecentlyUsed", () => {
  it("forgets the least recently read or written entry past its limit", () => {
    const kept = new RecentlyUsed<string, number>(2);
    kept.set("a", 1);
    kept.set("b", 2);
    // Reading "a" makes "b" the least recently used.
    expect(kept.get("a")).toBe(1);
    kept.set("c", 3);
    expect([kept.get("a"), kept.get("b"), kept.get("c")]).toEqual([1, undefined, 3]);
    // Writing "a" again keeps one entry for it.
    kept.set("a", 4);
    kept.set("d", 5);
    expect([kept.get("a"), kept.get("c"), kept.get("d")]).toEqual([4, undefined, 5]);
    kept.delete("a");
    expect(kept.get("a")).toBeUndefined();
  });

  it("keeps nothing with a limit of 0", () => {
    const kept = new RecentlyUsed<string, number>(0);
    kept.set("a", 1);
    expect(kept.get("a")).toBeUndefined();
  });
});

describe("SeenRecently", () => {
  it("tells a key's first arrival from its repeats, among the keys seen last", () => {
    const seen = new SeenRecently(2);
    expect([seen.repeat("a"), seen.repeat("b"), seen.repeat("a")]).toEqual([false, false, true]);
    // "a" was seen last, so "b" is the one forgotten when "c" comes.
    expect([seen.repeat("c"), seen.repeat("a"), seen.repeat("b")]).toEqual([false, true, false]);
  });
});
