import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../../apps/server/src/index.ts";
import { findChromium, launchChromium } from "../support/chromium.ts";

/**
 * A whole round in two real browsers against the real server (embedded in-memory store, built web app):
 * create, invite, join, push a question, run the shared timer, submit the scorecard, read it everywhere.
 */

const chromiumLookup = findChromium();
const artifacts = fileURLToPath(new URL("../.artifacts/", import.meta.url));
const webDist = fileURLToPath(new URL("../../apps/web/dist/", import.meta.url));

const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 812 };
const QUESTION_ID = "tech-tcp-vs-udp";
const NOTES = "Clear comparison of TCP and UDP.\nWork on naming concrete numbers for latency budgets.";
const POLL = { timeout: 15_000 };

const suite = chromiumLookup.found ? describe : describe.skip;
const suiteName = chromiumLookup.found ? "a full round in the browser" : `a full round in the browser (skipped: ${chromiumLookup.skipReason})`;

suite(suiteName, () => {
  let server: { url: string; close(): Promise<void> } | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    if (!chromiumLookup.found) return;
    if (!existsSync(`${webDist}index.html`)) throw new Error("apps/web/dist is missing: run `pnpm --filter @mockloop/web build` first");
    mkdirSync(artifacts, { recursive: true });
    server = await startServer({ port: 0, host: "127.0.0.1", env: { LOG_LEVEL: "warn", WEB_DIST_DIR: webDist } });
    browser = await launchChromium(chromiumLookup.executablePath);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  async function newPage(): Promise<Page> {
    if (!browser) throw new Error("browser not started");
    const context = await browser.newContext({ viewport: LAPTOP });
    contexts.push(context);
    const page = await context.newPage();
    page.on("pageerror", (error) => console.error(`page error: ${error.message}`));
    return page;
  }

  const urlOrAlert = async (page: Page) => {
    const alert = page.getByRole("alert");
    return (await alert.count()) > 0 ? `alert: ${await alert.first().textContent()}` : page.url();
  };
  const text = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent()) ?? "";
  const remainingMs = async (page: Page) => Number(await page.getByTestId("timer-display").getAttribute("data-remaining-ms"));
  const screenshot = (page: Page, name: string) => page.screenshot({ path: `${artifacts}${name}.png`, fullPage: true });

  it("runs a round from invite to scorecard, with a reload in the middle", async () => {
    if (!server) throw new Error("server not started");

    // The interviewer creates a room for the phone interview on the start page.
    const interviewer = await newPage();
    await interviewer.goto(server.url);
    const createForm = interviewer.getByTestId("create-room-form");
    await createForm.getByTestId("stage-select").selectOption("amazon-tpm/phone-interview");
    await createForm.getByTestId("name-input").fill("Ivy Interviewer");
    await createForm.getByTestId("role-interviewer").check();
    // A few of the stage's prompts are shown before starting; never an interviewer's follow-up or guidance.
    await expect.poll(() => createForm.getByTestId("sample-prompts").locator("li").count(), POLL).toBe(3);
    await screenshot(interviewer, "start-laptop");
    await createForm.getByTestId("create-room-button").click();
    // Polls the URL, or the error the page shows instead, so a failure says why.
    await expect.poll(() => urlOrAlert(interviewer), POLL).toMatch(/\/r\/[A-Za-z0-9_-]+$/);
    const inviteLink = await interviewer.getByTestId("invite-link").inputValue();
    expect(inviteLink).toBe(interviewer.url());
    const roomId = new URL(inviteLink).pathname.split("/")[2] ?? "";
    await interviewer.getByTestId("question-list").waitFor();

    // The candidate opens the invite link and joins.
    const candidate = await newPage();
    await candidate.goto(inviteLink);
    const joinForm = candidate.getByTestId("join-form");
    await joinForm.getByTestId("name-input").fill("Cam Candidate");
    await joinForm.getByTestId("role-select").selectOption("candidate");
    await joinForm.getByTestId("join-button").click();
    await expect.poll(async () => (await urlOrAlert(candidate)) + String(await candidate.getByTestId("timer-display").count()), POLL).toBe(`${inviteLink}1`);
    await expect.poll(() => interviewer.locator('[data-testid^="participant-"]').count(), POLL).toBe(2);
    await expect.poll(() => interviewer.getByText("Cam Candidate").count(), POLL).toBeGreaterThan(0);

    // The interviewer pushes a question: the candidate sees the prompt and none of the guidance.
    await interviewer.getByTestId("question-segment-technical").click();
    await interviewer.getByTestId("question-search").fill("TCP UDP");
    await interviewer.getByTestId(`push-question-${QUESTION_ID}`).click();
    await interviewer.getByTestId("current-question-guidance").waitFor();
    const prompt = await text(interviewer, "current-prompt");
    expect(prompt).toContain("TCP");
    const strongSignal = (await interviewer.locator(".signals.strong li").first().textContent()) ?? "";
    expect(strongSignal.length).toBeGreaterThan(5);
    await expect.poll(() => text(candidate, "current-prompt"), POLL).toBe(prompt);
    expect(await candidate.getByTestId("current-question-guidance").count()).toBe(0);
    expect(await candidate.content()).not.toContain(strongSignal);

    // A reload brings the candidate back as the same participant, not as someone new.
    const me = candidate.locator('[data-testid^="participant-"]', { hasText: "(you)" });
    const candidateTestId = await me.getAttribute("data-testid");
    await candidate.reload();
    await expect.poll(() => text(candidate, "current-prompt"), POLL).toBe(prompt);
    expect(await me.getAttribute("data-testid")).toBe(candidateTestId);
    expect(await candidate.getByTestId("join-form").count()).toBe(0);
    await expect.poll(() => interviewer.locator('[data-testid^="participant-"]').count(), POLL).toBe(2);
    await expect.poll(() => interviewer.getByTestId(candidateTestId ?? "").getAttribute("data-connected"), POLL).toBe("true");

    // The shared timer: both pages tick, and agree to within a second.
    await interviewer.getByTestId("timer-start").click();
    await expect.poll(() => candidate.getByTestId("timer-display").getAttribute("data-status"), POLL).toBe("running");
    const firstReading = await remainingMs(candidate);
    const firstText = await text(candidate, "timer-display");
    expect(firstText).toMatch(/^\d+:\d{2}$/);
    await expect.poll(() => remainingMs(candidate), POLL).toBeLessThan(firstReading - 1000);
    await expect.poll(() => text(candidate, "timer-display"), POLL).not.toBe(firstText);
    await expect.poll(() => remainingMs(interviewer), POLL).toBeLessThan(firstReading - 1000);
    const [a, b] = await Promise.all([remainingMs(interviewer), remainingMs(candidate)]);
    expect(Math.abs(a - b)).toBeLessThan(1000);
    await screenshot(interviewer, "interviewer-laptop");
    await screenshot(candidate, "candidate-laptop");

    // Pause: both show the same frozen value.
    await interviewer.getByTestId("timer-pause").click();
    await expect.poll(() => candidate.getByTestId("timer-display").getAttribute("data-status"), POLL).toBe("paused");
    await expect.poll(() => interviewer.getByTestId("timer-display").getAttribute("data-status"), POLL).toBe("paused");
    await expect.poll(async () => (await text(candidate, "timer-display")) === (await text(interviewer, "timer-display")), POLL).toBe(true);
    expect(await text(candidate, "timer-segment")).toContain("Management");

    // The interviewer adds a minute to the paused part; both see it.
    const paused = await remainingMs(candidate);
    await interviewer.getByTestId("timer-adjust-plus-1").click();
    await expect.poll(() => remainingMs(candidate), POLL).toBe(paused + 60_000);
    await expect.poll(() => remainingMs(interviewer), POLL).toBe(paused + 60_000);

    // Resume: both run again from where they stopped.
    await interviewer.getByTestId("timer-start").click();
    await expect.poll(() => candidate.getByTestId("timer-display").getAttribute("data-status"), POLL).toBe("running");
    await expect.poll(() => remainingMs(candidate), POLL).toBeLessThan(paused + 60_000);

    // Taking the part under two minutes shows the soft warning on both pages.
    for (const button of ["minus-5", "minus-5", "minus-5", "minus-1", "minus-1", "minus-1", "minus-1"]) {
      const before = await remainingMs(interviewer);
      await interviewer.getByTestId(`timer-adjust-${button}`).click();
      await expect.poll(() => remainingMs(interviewer), POLL).toBeLessThan(before - 50_000);
    }
    for (const page of [candidate, interviewer]) {
      await expect.poll(() => page.getByTestId("timer-display").getAttribute("data-warning"), POLL).toBe("two-minutes");
    }
    await screenshot(candidate, "candidate-warning-laptop");

    // Skipping moves both to the next part of the phone interview.
    await interviewer.getByTestId("timer-skip").click();
    await expect.poll(() => text(candidate, "timer-segment"), POLL).toContain("Technical");
    await expect.poll(() => candidate.getByTestId("timer-display").getAttribute("data-warning"), POLL).toBe("");

    // The server suggests a next question; accepting it puts it on the candidate's screen, and the list then
    // hides the question already asked.
    const suggestion = interviewer.getByTestId("suggested-question");
    const suggestedPrompt = await suggestion.locator(".question-prompt").innerText();
    expect(suggestedPrompt).not.toBe(prompt);
    await interviewer.getByTestId("push-suggested").click();
    await expect.poll(() => text(candidate, "current-prompt"), POLL).toBe(suggestedPrompt);
    await expect.poll(() => interviewer.getByTestId("push-question-tech-tcp-vs-udp").count(), POLL).toBe(0);
    await interviewer.getByTestId("question-hide-asked").uncheck();
    await expect.poll(() => interviewer.getByTestId("push-question-tech-tcp-vs-udp").count(), POLL).toBe(1);

    await candidate.setViewportSize(PHONE);
    await screenshot(candidate, "candidate-phone");
    await interviewer.setViewportSize(PHONE);
    await screenshot(interviewer, "interviewer-phone");
    await interviewer.setViewportSize(LAPTOP);
    await candidate.setViewportSize(LAPTOP);

    // The interviewer submits the scorecard; the candidate sees it at once.
    const scorecardForm = interviewer.getByTestId("scorecard-form");
    await scorecardForm.getByTestId("recommendation-inclined").check();
    await scorecardForm.getByTestId("scorecard-notes").fill(NOTES);
    await scorecardForm.getByTestId("scorecard-submit").click();
    await interviewer.getByTestId("submitted-scorecard").waitFor();
    await expect.poll(() => text(candidate, "submitted-scorecard"), POLL).toContain("Inclined");
    expect(await text(candidate, "scorecard-recommendation")).toBe("Inclined");
    expect(await candidate.getByTestId("scorecard-notes-text").innerText()).toBe(NOTES);
    await screenshot(candidate, "candidate-scorecard-laptop");

    // The scorecard page shows it too.
    await candidate.goto(new URL(`/r/${roomId}/scorecard`, server.url).href);
    await candidate.getByTestId("submitted-scorecard").waitFor();
    expect(await text(candidate, "scorecard-recommendation")).toBe("Inclined");
    expect(await candidate.getByTestId("scorecard-notes-text").innerText()).toBe(NOTES);
    expect(await text(candidate, "submitted-scorecard")).toContain(prompt);
    await screenshot(candidate, "scorecard-page-laptop");
  });
});
