import { startRedis, uniquePrefix, type TestRedis } from "@mockloop/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifacts, findChromium, joinNewRoom, useBrowserAndServer } from "@mockloop/test-support/browser";

/** Storage goes away mid-round: the page says so, keeps what was typed, and saves it once storage is back. */

const chromiumLookup = findChromium();
const POLL = { timeout: 15_000 };
const suite = chromiumLookup.found ? describe : describe.skip;

suite("a storage outage in the browser", () => {
  let redis: TestRedis | undefined;
  // Registered before the server's hooks: Redis is up before the server starts, and stops after it closed.
  beforeAll(async () => {
    redis = await startRedis({ appendOnly: true });
  });
  afterAll(async () => {
    await redis?.stop();
  });
  const env = useBrowserAndServer(chromiumLookup, () => ({ REDIS_URL: redis?.url ?? "", REDIS_KEY_PREFIX: uniquePrefix("outage") }));

  it("shows a notice, keeps the unsaved draft in the tab, and saves it when storage is back", async () => {
    const page = await env.page();
    await joinNewRoom(page, env.url, "Ivy Interviewer", "interviewer");
    const form = page.getByTestId("scorecard-form");
    const status = page.getByTestId("scorecard-editor").getByTestId("save-status");
    await form.getByTestId("scorecard-strengths").fill("Before the outage.");
    await expect.poll(() => status.getAttribute("data-status"), POLL).toBe("saved");

    const typedDuringOutage = "Before the outage. Typed while storage was away.";
    await redis!.restart(
      async () => {
        await form.getByTestId("scorecard-strengths").fill(typedDuringOutage);
        await expect.poll(() => status.textContent(), POLL).toContain("storage is unavailable for a moment");
        await page.getByTestId("storage-banner").waitFor(POLL);
        await page.screenshot({ path: `${artifacts}storage-outage.png`, fullPage: true });
        expect(await form.getByTestId("scorecard-strengths").inputValue()).toBe(typedDuringOutage);
      },
      { signal: "SIGKILL" },
    );
    // Back: the retry saves it, and the notice goes.
    await expect.poll(() => status.getAttribute("data-status"), POLL).toBe("saved");
    await expect.poll(() => page.getByTestId("storage-banner").count(), POLL).toBe(0);
    await page.reload();
    await expect.poll(() => page.getByTestId("scorecard-strengths").inputValue(), POLL).toBe(typedDuringOutage);
  });
});
