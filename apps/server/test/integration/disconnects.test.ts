import type { RoomClient } from "@mockloop/protocol/client";
import type { FastifyBaseLogger } from "fastify";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { afterAll, describe, expect, it } from "vitest";
import { connectClient, waitFor } from "@mockloop/test-support";
import { attachSocketTransport, type EventTable } from "../../src/transport/socket-kit.ts";
import type { RoomServer } from "../../src/transport/socket-types.ts";

describe("closed connections", () => {
  const clients: RoomClient[] = [];
  const http = createServer();
  const io = new Server(http) as RoomServer;
  afterAll(async () => {
    for (const client of clients) client.close();
    await io.close();
  });

  it("are recorded a few at a time when many close together, every one of them", async () => {
    const errors: unknown[] = [];
    const log = { warn: () => undefined, error: (...args: unknown[]) => errors.push(args) } as unknown as FastifyBaseLogger;
    let running = 0;
    let mostAtOnce = 0;
    const recorded: string[] = [];
    const closing = new Set<string>();
    const transport = attachSocketTransport({
      io,
      // No events are sent here: only connections opening and closing.
      table: {} as EventTable,
      limits: { checkEvent: async () => undefined },
      log,
      disconnectsAtOnce: 4,
      onDisconnect: [
        {
          what: "record a disconnect",
          run: async (socket) => {
            running += 1;
            mostAtOnce = Math.max(mostAtOnce, running);
            // Each takes until every connection has begun closing, so they would all run together if let.
            await waitFor(() => closing.size === clients.length, "every connection to close");
            recorded.push(socket.id);
            running -= 1;
          },
        },
      ],
    });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    for (let index = 0; index < 40; index++) clients.push(await connectClient(url, { socket: { reconnection: false } }));
    for (const socket of io.of("/").sockets.values()) socket.once("disconnect", () => closing.add(socket.id));
    io.disconnectSockets(true);
    await transport.drain();
    expect(recorded).toHaveLength(40);
    expect(new Set(recorded)).toEqual(closing);
    expect(mostAtOnce).toBe(4);
    expect(errors).toEqual([]);
  });
});
