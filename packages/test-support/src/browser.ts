import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { startServer } from "@mockloop/server";
import { createRoomOverHttp } from "./server.ts";
import { launchChromium, type ChromiumLookup } from "./chromium.ts";

export const LAPTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 812 };
export const artifacts = fileURLToPath(new URL("../../../tests/.artifacts/", import.meta.url));
const webDist = fileURLToPath(new URL("../../../apps/web/dist/", import.meta.url));

/**
 * For a browser test file: the real server (embedded store, built web app) on a free port and one Chromium;
 * `page()` opens a window in a fresh context, like a separate person. Everything closes after the file.
 */
export function useBrowserAndServer(
  lookup: ChromiumLookup,
  env: Record<string, string> | (() => Record<string, string>) = {},
  { chromiumArgs = [] }: { chromiumArgs?: readonly string[] } = {},
) {
  let server: { url: string; close(): Promise<void> } | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    if (!lookup.found) return;
    if (!existsSync(`${webDist}index.html`)) throw new Error("apps/web/dist is missing: run `pnpm --filter @mockloop/web build` first");
    mkdirSync(artifacts, { recursive: true });
    // A function gives settings only known once earlier hooks ran (a Redis started for the file, say).
    server = await startServer({ port: 0, host: "127.0.0.1", env: { LOG_LEVEL: "warn", WEB_DIST_DIR: webDist, ...(typeof env === "function" ? env() : env) } });
    browser = await launchChromium(lookup.executablePath, chromiumArgs);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  return {
    url: (path = "/") => {
      if (!server) throw new Error("server not started");
      return new URL(path, server.url).href;
    },
    page: async (): Promise<Page> => {
      if (!browser) throw new Error("browser not started");
      const context = await browser.newContext({ viewport: LAPTOP });
      contexts.push(context);
      const page = await context.newPage();
      page.on("pageerror", (error) => console.error(`page error: ${error.message}`));
      return page;
    },
  };
}
/**
 * A new phone-interview room, made through the HTTP API, opened in `page` by its invite link and joined through
 * the join form as `name` in `role`. `url` resolves a path on the server (`useBrowserAndServer`'s `url`).
 */
export async function joinNewRoom(page: Page, url: (path: string) => string, name: string, role: "interviewer" | "candidate"): Promise<void> {
  const { invitePath } = await createRoomOverHttp(url("/"));
  await page.goto(url(invitePath));
  const joinForm = page.getByTestId("join-form");
  await joinForm.getByTestId("name-input").fill(name);
  await joinForm.getByTestId("role-select").selectOption(role);
  await joinForm.getByTestId("join-button").click();
}

export { findChromium, launchChromium, CALL_CHROMIUM_ARGS, type ChromiumLookup } from "./chromium.ts";
export { recordPeerConnections, readMediaStats, waitForGrowth, waitForStall, joinCall, type PageMediaStats } from "./call-page.ts";
