import { existsSync } from "node:fs";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

/** Serves the built web app at the same origin, with index.html for the app's own routes. */
export async function registerWebApp(app: FastifyInstance, webDistDir: string): Promise<boolean> {
  if (!existsSync(join(webDistDir, "index.html"))) {
    app.log.warn({ webDistDir }, "the web app is not built (run `pnpm build`); serving the API only");
    return false;
  }
  await app.register(fastifyStatic, { root: webDistDir, wildcard: false });
  return true;
}

export function isAppRoute(url: string): boolean {
  const path = url.split("?")[0] ?? "";
  return !path.startsWith("/api/") && !path.startsWith("/socket.io/") && !/\.[a-z0-9]+$/i.test(path);
}
