import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];
const MISSING = "Chromium not found: install it with `apt-get install -y chromium` or set CHROMIUM_PATH";

export type ChromiumLookup = { found: true; executablePath: string } | { found: false; skipReason: string };

/**
 * Finds a Chromium binary: CHROMIUM_PATH, then the usual system paths. When there is none, throws, unless
 * MOCKLOOP_SKIP_BROWSER=1 outside CI, where the caller skips its browser tests with the returned reason.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): ChromiumLookup {
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return { found: true, executablePath: fromEnv };
    return missing(env, `${MISSING} (CHROMIUM_PATH=${fromEnv} does not exist)`);
  }
  const executablePath = CANDIDATES.find((path) => existsSync(path));
  if (executablePath) return { found: true, executablePath };
  return missing(env, MISSING);
}

function missing(env: NodeJS.ProcessEnv, message: string): ChromiumLookup {
  if (env.MOCKLOOP_SKIP_BROWSER === "1" && env.CI !== "true") return { found: false, skipReason: message };
  throw new Error(message);
}

/**
 * For the call: camera, microphone and screen are Chromium's fake devices, permission prompts are answered
 * yes, and peer connections may use the loopback interface (tests keep media on 127.0.0.1).
 */
export const CALL_CHROMIUM_ARGS: readonly string[] = [
  "--use-fake-ui-for-media-stream",
  "--use-fake-device-for-media-stream",
  "--allow-loopback-in-peer-connection",
  "--auto-select-desktop-capture-source=Entire screen",
  "--autoplay-policy=no-user-gesture-required",
];

export function launchChromium(executablePath: string, extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
      ...extraArgs,
    ],
  });
}
