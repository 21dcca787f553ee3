import { ErrorCode } from "@mockloop/protocol";
import type { RoomClient } from "@mockloop/protocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../src/index.ts";
import { connectClient, sendRaw, startTestServer, waitFor } from "@mockloop/test-support";

/** Sends an event without an ack callback: the server cannot answer it. */
function emitWithoutAck(client: RoomClient, event: string, payload: unknown): void {
  (client.socket as unknown as { emit(event: string, payload: unknown): void }).emit(event, payload);
}

interface LogLine {
  level: number;
  msg: string;
  socketId?: string;
  suppressed?: number;
}

/**
 * A client can send events the server cannot answer (no ack callback) as fast as it likes; the warnings they
 * cause are throttled per connection, so they cannot flood the log.
 */
describe("warnings about events the server cannot answer", () => {
  let server: RunningServer;
  const logLines: string[] = [];
  const warningsFor = (socketId: string | undefined) =>
    logLines.map((line) => JSON.parse(line) as LogLine).filter((line) => line.level === 40 && line.socketId === socketId);

  beforeAll(async () => {
    server = await startTestServer({ env: { LOG_LEVEL: "warn" }, logLines });
  });
  afterAll(async () => {
    await server.close();
  });

  it("logs the first, then none for a minute, and on close how many it left out", async () => {
    const flooder = await connectClient(server.url);
    const socketId = flooder.socket.id;
    for (let i = 0; i < 200; i++) emitWithoutAck(flooder, "timer:start", {});
    for (let i = 0; i < 50; i++) emitWithoutAck(flooder, "no:such-event", { i });
    // Events are handled in order: once this is answered, every one before it has been seen.
    expect((await flooder.request("clock:sync", { clientSentAt: 1 })).ok).toBe(true);
    expect(warningsFor(socketId)).toHaveLength(1);

    // Another connection's first warning is its own.
    const other = await connectClient(server.url);
    emitWithoutAck(other, "timer:start", {});
    expect((await other.request("clock:sync", { clientSentAt: 1 })).ok).toBe(true);
    expect(warningsFor(other.socket.id)).toHaveLength(1);
    other.close();

    flooder.close();
    await waitFor(() => warningsFor(socketId).length === 2, "the closing summary");
    expect(warningsFor(socketId)[1]?.suppressed).toBe(249);
  });

  it("answers an event that does not exist with BAD_REQUEST when it carries an ack", async () => {
    const client = await connectClient(server.url);
    try {
      expect(await sendRaw(client, "room:destroy", {})).toMatchObject({ ok: false, error: { code: ErrorCode.BadRequest } });
      expect(await sendRaw(client, "__proto__", {})).toMatchObject({ ok: false, error: { code: ErrorCode.BadRequest } });
    } finally {
      client.close();
    }
  });
});
