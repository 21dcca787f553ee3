import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { findRedisServer, freePort } from "./redis.ts";
import { waitFor } from "./wait.ts";

export interface TestRedisCluster {
  /** The seed nodes, comma-separated, as REDIS_URL takes them with REDIS_CLUSTER=true. */
  url: string;
  ports: number[];
  /** Stops the cluster's processes and removes their folders. */
  stop(): Promise<void>;
}

function findRedisCli(): string | undefined {
  if (process.env.REDIS_CLI_BIN) return process.env.REDIS_CLI_BIN;
  const found = spawnSync("sh", ["-c", "command -v redis-cli"], { encoding: "utf8" });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

async function clusterInfo(port: number): Promise<string> {
  const client = new Redis({ port, host: "127.0.0.1", lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on("error", () => {});
  try {
    await client.connect();
    return String(await client.call("CLUSTER", "INFO"));
  } catch {
    return "";
  } finally {
    client.disconnect();
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

/**
 * A real Redis Cluster of three masters (no replicas) for one test file: three `redis-server --cluster-enabled
 * yes` processes on free ports, each in its own folder, joined by `redis-cli --cluster create`; resolves once
 * every node says `cluster_state:ok`.
 */
export async function startRedisCluster(): Promise<TestRedisCluster> {
  const server = findRedisServer();
  const cli = findRedisCli();
  if (!server || !cli) throw new Error("a Redis Cluster test needs redis-server and redis-cli: `apt-get install -y redis-server` (or set REDIS_SERVER_BIN and REDIS_CLI_BIN)");
  const nodes: { child: ChildProcess; dir: string; port: number }[] = [];
  const stopAll = async () => {
    await Promise.all(nodes.map((node) => stop(node.child)));
    for (const node of nodes) rmSync(node.dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      const dir = mkdtempSync(join(tmpdir(), "mockloop-redis-cluster-"));
      const args = ["--port", String(port), "--bind", "127.0.0.1", "--cluster-enabled", "yes", "--cluster-config-file", join(dir, "nodes.conf")];
      args.push("--dir", dir, "--save", "", "--appendonly", "no", "--logfile", "");
      nodes.push({ child: spawn(server, args, { stdio: "ignore" }), dir, port });
    }
    for (const node of nodes) {
      await waitFor(async () => {
        if (node.child.exitCode !== null) throw new Error(`redis-server on port ${node.port} exited with code ${node.child.exitCode}`);
        return (await clusterInfo(node.port)) !== "";
      }, `redis-server on port ${node.port} to answer`, 10_000);
    }
    const created = spawnSync(cli, ["--cluster", "create", ...nodes.map((node) => `127.0.0.1:${node.port}`), "--cluster-replicas", "0", "--cluster-yes"], {
      encoding: "utf8",
      timeout: 30_000,
    });
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed:\n${created.stdout}\n${created.stderr}`);
    for (const node of nodes) {
      await waitFor(async () => (await clusterInfo(node.port)).includes("cluster_state:ok"), `the cluster to be ok on port ${node.port}`, 15_000);
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  const ports = nodes.map((node) => node.port);
  return { url: ports.map((port) => `redis://127.0.0.1:${port}`).join(","), ports, stop: stopAll };
}
