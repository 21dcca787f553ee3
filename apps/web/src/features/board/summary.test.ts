import { describe, expect, it } from "vitest";
import { describeBoard } from "./summary.ts";

describe("the board in words", () => {
  it("counts what is drawn, leaves deleted elements out, and quotes the text", () => {
    expect(describeBoard([])).toBe("The board is empty.");
    expect(
      describeBoard([
        { type: "rectangle", isDeleted: false },
        { type: "rectangle", isDeleted: false },
        { type: "arrow", isDeleted: false },
        { type: "ellipse", isDeleted: true },
        { type: "text", isDeleted: false, text: " Cache " },
      ]),
    ).toBe("On the board: 2 rectangles, 1 arrow, 1 text; text “Cache”.");
  });
});
