import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./redis.ts";
import { waitFor } from "./wait.ts";

export interface TestCoturn {
  /** `turn:127.0.0.1:<port>?transport=udp`, for TURN_URLS. */
  url: string;
  /** The port it listens on, to start it again as the same server. */
  port: number;
  /** The secret shared with the server (TURN_SECRET). */
  secret: string;
  /** Everything coturn logged so far. */
  output(): string;
  stop(): Promise<void>;
}

const howToGetCoturn = "coturn is needed for the call's tests: install it (`apt-get install -y coturn`) so tests can start their own turnserver.";

export function findTurnServer(): string | undefined {
  if (process.env.TURNSERVER_BIN) return process.env.TURNSERVER_BIN;
  const found = spawnSync("sh", ["-c", "command -v turnserver"], { encoding: "utf8" });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/**
 * A real coturn for one test file, on loopback only: it listens on 127.0.0.1 and relays from 127.0.0.1, so every
 * media packet of a relay-only call stays on this machine. TURN REST auth (`use-auth-secret`), as in production.
 * Given the `port` and `secret` of one that was stopped, it comes back as the same server to the servers and
 * browsers that knew it, with none of its allocations: a relay that went away and returned.
 */
export async function startCoturn(same?: { port: number; secret: string }): Promise<TestCoturn> {
  const binary = findTurnServer();
  if (!binary) throw new Error(howToGetCoturn);
  const dir = mkdtempSync(join(tmpdir(), "mockloop-coturn-"));
  const port = same?.port ?? (await freePort());
  // A relay range of its own, so parallel test files rarely meet; coturn skips ports already taken.
  const relayBase = 20_000 + Math.floor(Math.random() * 400) * 100;
  const secret = same?.secret ?? randomBytes(24).toString("base64url");
  const config = [
    "listening-ip=127.0.0.1",
    "relay-ip=127.0.0.1",
    `listening-port=${port}`,
    `min-port=${relayBase}`,
    `max-port=${relayBase + 99}`,
    "use-auth-secret",
    `static-auth-secret=${secret}`,
    "realm=mockloop.test",
    // Both peers' relay addresses are on 127.0.0.1: coturn refuses loopback peers unless told otherwise.
    "allow-loopback-peers",
    "no-multicast-peers",
    "fingerprint",
    "no-cli",
    "no-tls",
    "no-dtls",
    `userdb=${join(dir, "turndb")}`,
    `pidfile=${join(dir, "turnserver.pid")}`,
    "log-file=stdout",
    "simple-log",
  ];
  const configFile = join(dir, "turnserver.conf");
  writeFileSync(configFile, `${config.join("\n")}\n`);
  const child = spawn(binary, ["-c", configFile], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      () => {
        if (child.exitCode !== null) throw new Error(`turnserver exited before it was ready:\n${output}`);
        return listening(port);
      },
      `coturn to listen on port ${port}`,
      10_000,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `turn:127.0.0.1:${port}?transport=udp`, port, secret, output: () => output, stop };
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
