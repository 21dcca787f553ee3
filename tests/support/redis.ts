import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";

export interface TestRedis {
  url: string;
  /** Where this instance keeps its files (append-only log), when the test started it. */
  dir: string | undefined;
  stop(): Promise<void>;
}

const howToGetRedis =
  "Redis is needed for this test: install redis-server (`apt-get install -y redis-server`) so tests can start their own, " +
  "or set REDIS_URL=redis://host:port to a server they may use.";

export function findRedisServer(): string | undefined {
  if (process.env.REDIS_SERVER_BIN) return process.env.REDIS_SERVER_BIN;
  const found = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPing(url: string, child: ChildProcess, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  let lastError: Error | undefined;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    // Refused connections are expected while the server starts; connect() rejects with the same error.
    client.on("error", (error: Error) => {
      lastError = error;
    });
    try {
      await client.connect();
      await client.ping();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`redis-server did not answer at ${url}: ${lastError?.message}`, { cause: error });
    } finally {
      client.disconnect();
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export interface StartRedisOptions {
  /** Keep an append-only log, so a restarted instance on the same dir has the same data. */
  appendOnly?: boolean;
  /** Reuse a data folder (with appendOnly) to restart "the same" Redis. */
  dir?: string;
  port?: number;
}

/**
 * A Redis for one test file: its own redis-server on a free port where the binary exists (isolated and
 * parallel-safe), else the server at REDIS_URL, else a loud failure that says how to get one.
 */
export async function startRedis(options: StartRedisOptions = {}): Promise<TestRedis> {
  const binary = findRedisServer();
  if (!binary) {
    const url = process.env.REDIS_URL;
    if (!url) throw new Error(howToGetRedis);
    return { url, dir: undefined, stop: async () => {} };
  }
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "mockloop-redis-"));
  for (let attempt = 0; ; attempt++) {
    const port = options.port ?? (await freePort());
    const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--dir", dir, "--logfile", ""];
    args.push("--appendonly", options.appendOnly ? "yes" : "no");
    if (options.appendOnly) args.push("--appendfsync", "always");
    const child = spawn(binary, args, { stdio: "ignore" });
    const url = `redis://127.0.0.1:${port}`;
    try {
      await waitForPing(url, child, 10_000);
    } catch (error) {
      child.kill("SIGKILL");
      // Another process may have taken the port between the probe and the start.
      if (attempt < 3 && options.port === undefined) continue;
      throw error;
    }
    return {
      url,
      dir,
      stop: async () => {
        if (child.exitCode === null) {
          const exited = new Promise((resolve) => child.once("exit", resolve));
          child.kill("SIGTERM");
          await exited;
        }
        if (!options.dir) rmSync(dir, { recursive: true, force: true });
      },
    };
  }
}

/** A key prefix no other test shares, so tests can run in parallel on one Redis. */
export function uniquePrefix(label: string): string {
  return `test:${label}:${Math.random().toString(36).slice(2, 10)}:`;
}
