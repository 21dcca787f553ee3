import { createConnection, createServer, type Socket } from "node:net";

export interface RedisProxy {
  /** Where clients connect instead of Redis itself (`redis://127.0.0.1:port`). */
  url: string;
  /**
   * Lets the next command that contains `marker` reach Redis and cuts its client's connection as it goes by,
   * so Redis runs it and its client never hears the answer: a write that went through while its answer was
   * lost (Redis or the network died in between). Resolves once Redis has answered it. With `downForMs`, new
   * connections are refused for that long after the cut, as while a Redis that died restarts.
   */
  loseAnswerTo(marker: string, options?: { downForMs?: number }): Promise<void>;
  /** Ends now an outage that `loseAnswerTo`'s `downForMs` began: new connections are let through again. */
  restore(): void;
  close(): Promise<void>;
}

/** A loopback TCP proxy in front of a real Redis, which can lose a command's answer on purpose. */
export async function startRedisProxy(redisUrl: string): Promise<RedisProxy> {
  const target = new URL(redisUrl);
  const open = new Set<Socket>();
  let armed: { marker: string; answered: () => void; downForMs: number } | undefined;
  let downUntil = 0;

  const server = createServer((client) => {
    if (Date.now() < downUntil) return void client.destroy();
    const upstream = createConnection({ host: target.hostname, port: Number(target.port) });
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.once("close", () => open.delete(socket));
      socket.on("error", () => undefined);
    }
    // Set once this connection carried the command whose answer is to be lost: what Redis sends after is dropped.
    let losing: (() => void) | undefined;
    // The end of the previous chunk, so a marker split across two chunks is still seen.
    let tail = "";
    client.on("data", (chunk: Buffer) => {
      upstream.write(chunk);
      const text = chunk.toString("latin1");
      if (armed && (tail + text).includes(armed.marker)) {
        losing = armed.answered;
        downUntil = Date.now() + armed.downForMs;
        armed = undefined;
        // The command is on its way to Redis, which runs it whether or not its client is still there.
        client.destroy();
      }
      tail = armed ? text.slice(-armed.marker.length) : "";
    });
    upstream.on("data", (chunk: Buffer) => {
      if (!losing) return void client.write(chunk);
      losing();
      losing = undefined;
      upstream.destroy();
    });
    client.once("close", () => {
      if (!losing) upstream.destroy();
    });
    upstream.once("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `redis://127.0.0.1:${port}`,
    loseAnswerTo: (marker, { downForMs = 0 } = {}) =>
      new Promise<void>((resolve) => {
        armed = { marker, answered: resolve, downForMs };
      }),
    restore: () => {
      downUntil = 0;
    },
    close: async () => {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
