import type { FastifyInstance } from "fastify";
import type { RoomStore } from "../core/room-store.ts";

/** `/healthz` while the process is up; `/readyz` 200 while the store answers, 503 when it does not. */
export function registerHealthRoutes(app: FastifyInstance, store: RoomStore): void {
  app.get("/healthz", async () => ({ status: "ok" as const }));

  app.get("/readyz", async (_request, reply) => {
    try {
      await withTimeout(store.ping(), 2_000, "the store did not answer within 2 s");
      return { status: "ok" as const, store: store.kind };
    } catch (error) {
      app.log.warn({ err: error }, "store is not reachable");
      return reply.code(503).send({ status: "unavailable" as const, store: store.kind });
    }
  });
}

function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
