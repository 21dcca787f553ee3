import { createConnection, createServer, type Socket } from "node:net";

export interface Balancer {
  url: string;
  port: number;
  /** Cuts every connection it carries (a network blip), and goes on accepting new ones. */
  dropConnections(): void;
  close(): Promise<void>;
}

/**
 * A loopback TCP load balancer, as a deployment would put in front of several nodes: each new connection goes
 * to the first backend in `preference` that accepts it, so a client whose node died lands on the next one when
 * it reconnects. Connections are never moved once made.
 */
export async function startBalancer(preference: () => readonly number[]): Promise<Balancer> {
  const open = new Set<Socket>();
  const server = createServer((client) => {
    open.add(client);
    client.once("close", () => open.delete(client));
    client.pause();
    const tryNext = (ports: readonly number[]) => {
      const [port, ...rest] = ports;
      if (port === undefined) return client.destroy();
      const upstream = createConnection({ host: "127.0.0.1", port });
      let connected = false;
      upstream.once("error", () => (connected ? client.destroy() : tryNext(rest)));
      upstream.once("connect", () => {
        connected = true;
        open.add(upstream);
        upstream.once("close", () => {
          open.delete(upstream);
          client.destroy();
        });
        client.once("close", () => upstream.destroy());
        client.on("error", () => upstream.destroy());
        client.pipe(upstream).pipe(client);
        client.resume();
      });
    };
    tryNext(preference());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    // localhost, not 127.0.0.1: pages served from it are a secure context (camera, microphone).
    url: `http://localhost:${port}`,
    dropConnections: () => {
      for (const socket of open) socket.destroy();
    },
    close: async () => {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
