import { describe, expect, it } from "vitest";
import { clientEvents, newRequestId, requestIdSchema, roomCommandResultSchema } from "../src/index.ts";

describe("request ids", () => {
  it("are valid for the protocol and different every time", () => {
    const ids = new Set(Array.from({ length: 200 }, () => newRequestId()));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(requestIdSchema.safeParse(id).success, id).toBe(true);
  });

  it("may ride on every command that changes the room, and on nothing else that has no use for one", () => {
    const commands = Object.entries(clientEvents).filter(([, { result }]) => result === roomCommandResultSchema);
    expect(commands.length).toBeGreaterThanOrEqual(15);
    for (const [event, { payload }] of commands) {
      const shape = (payload as unknown as { shape: Record<string, unknown> }).shape;
      expect(shape, event).toHaveProperty("requestId");
    }
    expect(clientEvents["timer:start"].payload.safeParse({ requestId: newRequestId() }).success).toBe(true);
    expect(clientEvents["timer:start"].payload.safeParse({ requestId: "short" }).success).toBe(false);
    expect(clientEvents["room:sync"].payload.safeParse({ requestId: newRequestId() }).success).toBe(false);
  });
});
