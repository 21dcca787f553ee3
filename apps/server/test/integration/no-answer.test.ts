import { ErrorCode } from "@mockloop/protocol";
import { RoomClient } from "@mockloop/protocol/client";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "@mockloop/test-support";

/**
 * A request whose answer never comes is answered NO_ANSWER by the typed client, not INTERNAL: the request may
 * have been carried out, which a server error's answer says it was not. A bare Socket.IO server plays the part
 * of a server that drops the connection with a request out, or never answers one.
 */
describe("a request left without an answer", () => {
  const http = createServer();
  const io = new Server(http);
  const clients: RoomClient[] = [];
  let url = "";

  beforeAll(async () => {
    io.on("connection", (socket) => {
      // A timer start takes the connection down before any answer; a pause is never answered.
      socket.on("timer:start", () => socket.disconnect(true));
      socket.on("timer:pause", () => undefined);
    });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await io.close();
  });

  const connect = async (ackTimeoutMs: number) => {
    const client = new RoomClient(url, { ackTimeoutMs, socket: { reconnection: false } });
    clients.push(client);
    await waitFor(() => client.socket.connected, "the client to connect");
    return client;
  };

  it("is NO_ANSWER when the connection drops while it is out", async () => {
    const client = await connect(10_000);
    const started = Date.now();
    const ack = await client.request("timer:start", {});
    expect(ack).toMatchObject({ ok: false, error: { code: ErrorCode.NoAnswer, message: expect.stringContaining("timer:start") } });
    // Answered as the connection went, not after the wait for an answer.
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("is NO_ANSWER when no answer comes within the wait", async () => {
    const client = await connect(200);
    const ack = await client.request("timer:pause", {});
    expect(ack).toMatchObject({ ok: false, error: { code: ErrorCode.NoAnswer, message: expect.stringContaining("timer:pause") } });
  });
});
