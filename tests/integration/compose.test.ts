import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadConfig } from "@mockloop/server";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { z } from "zod";

// No Docker engine runs in CI: the compose file is checked by reading it.
const root = fileURLToPath(new URL("../..", import.meta.url));
const composeSchema = z.object({
  services: z.object({
    redis: z.object({
      image: z.string(),
      command: z.array(z.string()),
      volumes: z.array(z.string()),
      healthcheck: z.object({ test: z.array(z.string()) }),
    }),
    coturn: z.object({
      image: z.string(),
      command: z.array(z.string()),
      ports: z.array(z.string()),
    }),
    server: z.object({
      build: z.string(),
      environment: z.record(z.string(), z.string()),
      ports: z.array(z.string()),
      depends_on: z.object({ redis: z.object({ condition: z.literal("service_healthy") }), coturn: z.object({ condition: z.string() }) }),
    }),
  }),
  volumes: z.record(z.string(), z.unknown()),
});

describe("docker-compose.yml", () => {
  const compose = composeSchema.parse(parse(readFileSync(`${root}/docker-compose.yml`, "utf8")));

  it("runs Redis with append-only persistence on a named volume", () => {
    const { redis } = compose.services;
    expect(redis.command.join(" ")).toMatch(/--appendonly yes/);
    const [volumeName, mountPath] = (redis.volumes[0] ?? "").split(":");
    expect(mountPath).toBe("/data");
    expect(Object.keys(compose.volumes)).toContain(volumeName);
  });

  it("points the server at that Redis with a configuration the server accepts", () => {
    const { server } = compose.services;
    const config = loadConfig(server.environment);
    expect(config.REDIS_URL).toBe("redis://redis:6379");
    expect(server.ports).toContain(`${config.PORT}:${config.PORT}`);
  });

  it("runs coturn for the call with TURN REST auth under the secret the server signs credentials with", () => {
    const { coturn, server } = compose.services;
    expect(coturn.image).toMatch(/^coturn\/coturn:/);
    const args = coturn.command;
    expect(args).toContain("--use-auth-secret");
    const secret = args[args.indexOf("--static-auth-secret") + 1];
    const config = loadConfig(server.environment);
    expect(config.TURN_SECRET).toBe(secret);
    // STUN/TURN on 3478 over UDP and TCP, and the relay range coturn allocates from, all published.
    const listening = args.find((arg) => arg.startsWith("--listening-port="))?.split("=")[1];
    expect(listening).toBe("3478");
    expect(coturn.ports).toEqual(expect.arrayContaining(["3478:3478/udp", "3478:3478/tcp"]));
    const min = args.find((arg) => arg.startsWith("--min-port="))?.split("=")[1];
    const max = args.find((arg) => arg.startsWith("--max-port="))?.split("=")[1];
    expect(coturn.ports).toContain(`${min}-${max}:${min}-${max}/udp`);
    expect(config.TURN_URLS).toContain("turn:localhost:3478?transport=udp");
    expect(config.STUN_URLS).toEqual(["stun:localhost:3478"]);
  });

  it("builds from a Dockerfile that installs with the locked pnpm and starts the server", () => {
    const dockerfile = readFileSync(`${root}/${compose.services.server.build}/Dockerfile`, "utf8");
    const packageJson = z.object({ packageManager: z.string() }).parse(JSON.parse(readFileSync(`${root}/package.json`, "utf8")));
    expect(dockerfile).toContain(`npm install -g ${packageJson.packageManager}`);
    expect(dockerfile).toContain("pnpm install --frozen-lockfile");
    // `pnpm build` builds the web app and the server's bundle, which the image runs with plain node.
    expect(dockerfile).toContain("RUN pnpm build");
    expect(dockerfile).toContain('CMD ["node", "dist/main.mjs"]');
    expect(dockerfile).toContain("WORKDIR /app/apps/server");
    // Every file the image copies in must exist, or `docker compose build` fails for users.
    for (const copied of dockerfile.matchAll(/^COPY (.+)$/gm)) {
      const sources = (copied[1] ?? "").split(/\s+/).slice(0, -1);
      for (const source of sources) expect(existsSync(`${root}/${source}`), source).toBe(true);
    }
  });
});
