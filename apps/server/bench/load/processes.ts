import { fork, spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { freePort, limitsOff, spawnServerNode, waitFor, type NodeProcess } from "@mockloop/test-support";
import { bundle } from "../../build.ts";
import type { Command, Reply } from "./messages.ts";

const serverDir = fileURLToPath(new URL("../../", import.meta.url));
const generatorPath = fileURLToPath(new URL("./generator.ts", import.meta.url));
const relayPath = fileURLToPath(new URL("./relay-server.ts", import.meta.url));
const builtRelayPath = fileURLToPath(new URL("../../dist/relay-server.mjs", import.meta.url));

/** A server under test, in its own process: its URL and pid (to read its CPU and memory). */
export interface ServerProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Rate limits out of the way (they are tested elsewhere; here they would refuse the benchmark's own traffic), warnings only. */
const benchEnv: Record<string, string> = { ...limitsOff, LOG_LEVEL: "warn" };

export async function startMockloopNodes(count: number, redisUrl: string, keyPrefix: string): Promise<ServerProcess[]> {
  const nodes: NodeProcess[] = [];
  // BENCH_NODE_ARGS reach the nodes' node only (say, --cpu-prof to profile them), not the generators.
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  // The built bundle, as `pnpm start` and the image run it (the benchmark builds it first).
  for (let i = 0; i < count; i++) nodes.push(await spawnServerNode({ built: true, nodeArgs, env: { ...benchEnv, REDIS_URL: redisUrl, REDIS_KEY_PREFIX: keyPrefix } }));
  return nodes.map((node) => ({
    url: node.url,
    pid: node.pid,
    stop: async () => {
      // A graceful stop, as in production; a node that has not stopped after a while is reported and killed.
      const stopped = node.kill("SIGTERM");
      const late = setTimeout(() => {
        console.error(`node ${node.pid} did not stop within 20 s of SIGTERM; killing it. Its last output:\n${node.output().slice(-2_000)}`);
        void node.kill("SIGKILL");
      }, 20_000);
      await stopped;
      clearTimeout(late);
      // A figure means little if the node failed requests on the way: its errors are shown with the table.
      const errors = node.output().split("\n").filter((line) => /"level":(50|60)/.test(line));
      if (errors.length > 0) console.error(`node ${node.pid} logged ${errors.length} error(s); the first:\n${errors.slice(0, 5).join("\n")}`);
    },
  }));
}

/** Bundles the relay as the server is bundled, so both run with plain node and neither carries a TypeScript loader. */
export function buildRelay(): Promise<string> {
  return bundle(relayPath, builtRelayPath);
}

export async function startRelay(redisUrl: string, keyPrefix: string): Promise<ServerProcess> {
  const port = await freePort();
  // BENCH_RELAY_ARGS reach the relay's node only (say, --cpu-prof, to set its profile beside a node's).
  const relayArgs = process.env.BENCH_RELAY_ARGS?.split(" ").filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...relayArgs, builtRelayPath], {
    cwd: serverDir,
    env: { ...process.env, REDIS_URL: redisUrl, REDIS_KEY_PREFIX: keyPrefix, PORT: String(port) },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(() => fetch(`${url}/healthz`).then((response) => response.ok, () => false), "the relay to be up", 20_000);
  return { url, pid: child.pid ?? -1, stop: () => stopChild(child) };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

/** A load generator process: one command at a time, each answered by one reply. */
export class Generator {
  private readonly child: ChildProcess;
  private waiting: ((reply: Reply) => void) | undefined;

  constructor() {
    // BENCH_GENERATOR_ARGS reach the generators' node only (say, --cpu-prof to see what the clients cost).
    const generatorArgs = process.env.BENCH_GENERATOR_ARGS?.split(" ").filter(Boolean) ?? [];
    this.child = fork(generatorPath, [], { cwd: serverDir, execArgv: [...generatorArgs, "--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
    this.child.on("message", (reply: Reply) => {
      const waiting = this.waiting;
      this.waiting = undefined;
      waiting?.(reply);
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  ask<T extends Reply["type"]>(command: Command, expected: T): Promise<Extract<Reply, { type: T }>> {
    return new Promise((resolve, reject) => {
      this.waiting = (reply) => {
        if (reply.type === expected) resolve(reply as Extract<Reply, { type: T }>);
        else reject(new Error(reply.type === "failed" ? reply.message : `expected ${expected}, got ${reply.type}`));
      };
      this.child.send(command);
    });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.send({ type: "close" } satisfies Command);
    await exited;
  }
}

/** Starts `count` generators, runs `work` with them, and always closes them. */
export async function withGenerators<T>(count: number, work: (generators: Generator[]) => Promise<T>): Promise<T> {
  const generators = Array.from({ length: count }, () => new Generator());
  try {
    return await work(generators);
  } finally {
    await Promise.all(generators.map((generator) => generator.close()));
  }
}
