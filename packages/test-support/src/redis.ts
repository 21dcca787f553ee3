import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
  /**
   * Stops the server (SIGTERM, or SIGKILL for a crash), runs `whileDown`, and starts it again on the same port
   * and data folder (with appendOnly, the data survives). Only for a server the test started itself.
   */
  restart(whileDown?: () => Promise<void>, options?: { signal?: "SIGTERM" | "SIGKILL" }): Promise<void>;
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
  /** Keep an append-only log, so a restart keeps the data. */
  appendOnly?: boolean;
}

interface RedisProcess {
  child: ChildProcess;
  url: string;
}

async function spawnRedis(binary: string, port: number, dir: string, appendOnly: boolean): Promise<RedisProcess> {
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--dir", dir, "--logfile", ""];
  args.push("--appendonly", appendOnly ? "yes" : "no");
  if (appendOnly) args.push("--appendfsync", "always");
  const child = spawn(binary, args, { stdio: "ignore" });
  const url = `redis://127.0.0.1:${port}`;
  try {
    await waitForPing(url, child, 10_000);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  return { child, url };
}

async function stopProcess(child: ChildProcess, signal: "SIGTERM" | "SIGKILL" = "SIGTERM"): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill(signal);
  await exited;
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
    return {
      url,
      stop: async () => {},
      restart: async () => {
        throw new Error("restart needs a redis-server binary: this test uses REDIS_URL, which it cannot restart");
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), "mockloop-redis-"));
  const appendOnly = options.appendOnly ?? false;
  let current: RedisProcess | undefined;
  let port = 0;
  // Another process may take the probed port before redis-server binds it: try a few.
  for (let attempt = 0; !current; attempt++) {
    port = await freePort();
    try {
      current = await spawnRedis(binary, port, dir, appendOnly);
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
  let running: RedisProcess = current;
  return {
    url: running.url,
    stop: async () => {
      await stopProcess(running.child);
      rmSync(dir, { recursive: true, force: true });
    },
    restart: async (whileDown, options) => {
      await stopProcess(running.child, options?.signal);
      try {
        await whileDown?.();
      } finally {
        // Started again even when what ran meanwhile failed (a test's expectation): the file's later tests need it.
        running = await spawnRedis(binary, port, dir, appendOnly);
      }
    },
  };
}

/** A key prefix no other test shares, so tests can run in parallel on one Redis. */
export function uniquePrefix(label: string): string {
  return `test:${label}:${Math.random().toString(36).slice(2, 10)}:`;
}
