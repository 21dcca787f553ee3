import { describe, expect, it } from "vitest";
import { copyOfJson } from "../../src/core/json-copy.ts";

describe("copyOfJson", () => {
  it("copies JSON-shaped data as a round trip through JSON does, sharing nothing with the original", () => {
    const original = { id: "r1", count: 3, open: true, none: null, list: [1, "two", { three: [3] }], nested: { deeper: { values: ["a"] } } };
    const copy = copyOfJson(original);
    expect(copy).toEqual(JSON.parse(JSON.stringify(original)));
    copy.list.push(4);
    (copy.list[2] as { three: number[] }).three.push(33);
    copy.nested.deeper.values[0] = "b";
    expect(original).toEqual({ id: "r1", count: 3, open: true, none: null, list: [1, "two", { three: [3] }], nested: { deeper: { values: ["a"] } } });
  });
});
