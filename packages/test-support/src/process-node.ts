import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { freePort } from "./redis.ts";
import { waitFor } from "./wait.ts";

const serverDir = fileURLToPath(new URL("../../../apps/server/", import.meta.url));

export interface NodeProcess {
  url: string;
  port: number;
  pid: number;
  /** Resolves when the process has exited, with how. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** null while it runs; its exit code (or the signal's name) once it has exited. */
  exitCode(): number | string | null;
  /** Everything it wrote to stdout and stderr so far (its JSON log). */
  output(): string;
  /** Sends a signal (SIGKILL by default: a crash) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface SpawnNodeOptions {
  env?: Record<string, string>;
  /** Defaults to a free port. */
  port?: number;
  /** Options for node itself, before the entry point (say, --cpu-prof to profile the node). */
  nodeArgs?: string[];
  /** How long to wait for /healthz (ms). */
  readyTimeoutMs?: number;
  /**
   * Run the built bundle (`dist/main.mjs`, as `pnpm start` and the image do) rather than the sources through
   * tsx; the caller builds it first (`buildServer` in apps/server/build.ts).
   */
  built?: boolean;
  /** Serve the built web app from where the server looks by default (otherwise it serves the API only). */
  webApp?: boolean;
}

/**
 * A server node as its own process (`node --import tsx src/main.ts`, or the built `node dist/main.mjs`), for
 * tests where a crash is the point: SIGKILL it and nothing in the test process is left half-closed. Logs stay
 * in memory for the test to read.
 */
export async function spawnServerNode(options: SpawnNodeOptions = {}): Promise<NodeProcess> {
  const port = options.port ?? (await freePort());
  const entry = options.built ? ["dist/main.mjs"] : ["--import", "tsx", "src/main.ts"];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...entry], {
    cwd: serverDir,
    env: { ...process.env, LOG_LEVEL: "warn", ...(options.webApp ? {} : { WEB_DIST_DIR: "/nonexistent-web-dist" }), ...options.env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  let hasExited = false;
  let exitedWith: number | string | null = null;
  void exited.then(({ code, signal }) => {
    hasExited = true;
    exitedWith = code ?? signal ?? "unknown";
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      async () => {
        if (hasExited) throw new Error(`server node exited before it was ready:\n${output}`);
        return fetch(`${url}/healthz`).then(
          (response) => response.ok,
          () => false,
        );
      },
      `the server node on port ${port} to be up`,
      options.readyTimeoutMs ?? 20_000,
    );
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  return {
    url,
    port,
    pid: child.pid ?? -1,
    exited,
    output: () => output,
    exitCode: () => exitedWith,
    kill: async (signal = "SIGKILL") => {
      if (!hasExited) child.kill(signal);
      return exited;
    },
  };
}
