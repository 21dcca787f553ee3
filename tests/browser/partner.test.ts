import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { artifacts, useBrowserAndServer, findChromium } from "@mockloop/test-support/browser";

/** Two strangers find each other through the partner queue and land in the same room, in the roles they asked for. */

const chromiumLookup = findChromium();
const suite = chromiumLookup.found ? describe : describe.skip;
const POLL = { timeout: 15_000 };

suite(chromiumLookup.found ? "finding a partner in the browser" : `finding a partner (skipped: ${chromiumLookup.skipReason})`, () => {
  const env = useBrowserAndServer(chromiumLookup);

  async function lookForPartner(page: Page, name: string, role: "candidate" | "interviewer" | "either") {
    await page.goto(env.url("/"));
    const form = page.getByTestId("find-partner-form");
    await form.getByTestId("partner-stage-select").selectOption("amazon-tpm/recruiter-screen");
    await form.getByTestId("partner-name-input").fill(name);
    await form.getByTestId(`partner-role-${role}`).check();
    await form.getByTestId("find-partner-button").click();
  }

  it("pairs two windows that look for the same stage and puts both in one room", async () => {
    const first = await env.page();
    const second = await env.page();

    await lookForPartner(first, "Quinn", "candidate");
    await expect.poll(() => first.getByTestId("queue-position").innerText(), POLL).toBe("1");
    await first.screenshot({ path: `${artifacts}partner-waiting.png`, fullPage: true });

    await lookForPartner(second, "Rae", "interviewer");
    await expect.poll(() => first.url(), POLL).toMatch(/\/r\/[A-Za-z0-9_-]{16,}$/);
    await expect.poll(() => second.url(), POLL).toBe(first.url());

    // Each lands in the room in the role they asked for, and sees the other.
    await expect.poll(() => second.getByTestId("question-list").count(), POLL).toBe(1);
    await expect.poll(() => first.getByTestId("question-list").count(), POLL).toBe(0);
    await expect.poll(() => first.locator('[data-testid^="participant-"]').count(), POLL).toBe(2);
    expect(await first.getByTestId("join-form").count()).toBe(0);
    await first.screenshot({ path: `${artifacts}partner-matched.png`, fullPage: true });
  });

  it("stops looking when asked", async () => {
    const page = await env.page();
    await lookForPartner(page, "Sol", "either");
    await page.getByTestId("queue-status").waitFor();
    await page.getByTestId("queue-cancel").click();
    await page.getByTestId("find-partner-button").waitFor();
    // Someone arriving now finds nobody: they wait first in line.
    const other = await env.page();
    await lookForPartner(other, "Tam", "candidate");
    await expect.poll(() => other.getByTestId("queue-position").innerText(), POLL).toBe("1");
  });
});
