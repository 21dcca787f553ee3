import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { artifacts, LAPTOP, PHONE, useBrowserAndServer, findChromium } from "@mockloop/test-support/browser";

/**
 * The system-design board in two real browsers: the room suggests it for a system-design question, both people
 * draw on Excalidraw's canvas with the mouse and keyboard, each sees the other's shapes, a reload keeps the scene,
 * and the debrief shows it as SVG with its downloads. Every page stays on its own origin, under its CSP.
 */

const chromiumLookup = findChromium();
const suite = chromiumLookup.found ? describe : describe.skip;
const POLL = { timeout: 20_000 };
const QUESTION_ID = "sd-notification-system";

suite(chromiumLookup.found ? "the system-design board in the browser" : `the board in the browser (skipped: ${chromiumLookup.skipReason})`, () => {
  const env = useBrowserAndServer(chromiumLookup);
  const problems: string[] = [];

  /** A window that records every request leaving the server's origin and every CSP violation. */
  async function person(): Promise<Page> {
    const page = await env.page();
    const origin = new URL(env.url()).origin;
    page.on("request", (request) => {
      const url = request.url();
      if (!url.startsWith(origin) && !url.startsWith("data:") && !url.startsWith("blob:")) problems.push(`request to ${url}`);
    });
    page.on("console", (message) => {
      if (/Content.Security.Policy|violates/i.test(message.text())) problems.push(`console: ${message.text()}`);
    });
    return page;
  }

  const screenshot = (page: Page, name: string) => page.screenshot({ path: `${artifacts}${name}.png` });
  const summary = (page: Page) => page.getByTestId("board-summary").textContent();

  /** Picks a tool from Excalidraw's toolbar (its label takes the click) and drags on the canvas, in canvas pixels. */
  async function drag(page: Page, tool: string, from: [number, number], to: [number, number]) {
    await page.locator("label", { has: page.getByTestId(`toolbar-${tool}`) }).click();
    const box = await page.getByTestId("board-canvas").boundingBox();
    if (!box) throw new Error("the board has no size");
    await page.mouse.move(box.x + from[0], box.y + from[1]);
    await page.mouse.down();
    await page.mouse.move(box.x + to[0], box.y + to[1], { steps: 8 });
    await page.mouse.up();
  }

  it("two people draw together, keep it through a reload, and find it on the debrief", async () => {
    const interviewer = await person();
    await interviewer.goto(env.url());
    const create = interviewer.getByTestId("create-room-form");
    await create.getByTestId("stage-select").selectOption("amazon-tpm/onsite-system-design");
    await create.getByTestId("name-input").fill("Ivy Interviewer");
    await create.getByTestId("role-interviewer").check();
    await create.getByTestId("create-room-button").click();
    await interviewer.getByTestId("invite-link").waitFor(POLL);
    const invite = await interviewer.getByTestId("invite-link").inputValue();
    const roomId = new URL(invite).pathname.split("/")[2] ?? "";

    const candidate = await person();
    await candidate.goto(invite);
    const join = candidate.getByTestId("join-form");
    await join.getByTestId("name-input").fill("Cam Candidate");
    await join.getByTestId("role-select").selectOption("candidate");
    await join.getByTestId("join-button").click();
    await candidate.getByTestId("room-board").waitFor(POLL);

    // A system-design question on screen: the room suggests the board to both.
    expect(await candidate.getByTestId("board-suggestion").count()).toBe(0);
    await interviewer.getByTestId("question-search").fill("notifications");
    await interviewer.getByTestId(`push-question-${QUESTION_ID}`).click();
    await candidate.getByTestId("board-suggestion").waitFor(POLL);
    await interviewer.getByTestId("board-suggestion").waitFor(POLL);
    await candidate.getByTestId("board-suggestion-open").click();
    await interviewer.getByTestId("board-suggestion-open").click();
    for (const page of [interviewer, candidate]) {
      await page.locator(".excalidraw").waitFor(POLL);
      await expect.poll(() => summary(page), POLL).toBe("The board is empty.");
    }

    // The interviewer draws a box, the candidate an arrow, the interviewer labels it with the keyboard.
    await drag(interviewer, "rectangle", [260, 180], [460, 300]);
    await drag(candidate, "arrow", [480, 240], [680, 240]);
    await interviewer.locator("label", { has: interviewer.getByTestId("toolbar-text") }).click();
    const box = await interviewer.getByTestId("board-canvas").boundingBox();
    await interviewer.mouse.click((box?.x ?? 0) + 720, (box?.y ?? 0) + 230);
    await interviewer.keyboard.type("Cache");
    await interviewer.keyboard.press("Escape");

    // Each sees the other's shapes.
    const everything = /^On the board: (?=.*1 rectangle)(?=.*1 arrow)(?=.*1 text).*; text “Cache”\.$/;
    for (const page of [interviewer, candidate]) await expect.poll(() => summary(page), POLL).toMatch(everything);
    await screenshot(interviewer, "board-interviewer-laptop");

    // A reload keeps the scene (and the board open).
    await candidate.reload();
    await candidate.locator(".excalidraw").waitFor(POLL);
    await expect.poll(() => summary(candidate), POLL).toMatch(everything);
    await candidate.mouse.move(400, 500);
    await screenshot(candidate, "board-candidate-laptop");
    await candidate.setViewportSize(PHONE);
    await screenshot(candidate, "board-candidate-phone");
    await candidate.setViewportSize(LAPTOP);

    // The debrief draws round 1's board as SVG from the stored elements, with both downloads.
    await candidate.goto(env.url(`/r/${roomId}/debrief`));
    const board = candidate.getByTestId("round-board-1");
    await board.locator("svg").first().waitFor(POLL);
    await expect.poll(() => board.locator("svg text").allTextContents(), POLL).toContain("Cache");
    await board.scrollIntoViewIfNeeded();
    await screenshot(candidate, "board-debrief-laptop");
    await candidate.setViewportSize(PHONE);
    await board.screenshot({ path: `${artifacts}board-debrief-phone.png` });
    await candidate.setViewportSize(LAPTOP);

    const [svgDownload] = await Promise.all([candidate.waitForEvent("download"), candidate.getByTestId("board-1-svg").click()]);
    expect(svgDownload.suggestedFilename()).toBe("mockloop-board-round-1.svg");
    const svg = readFileSync(await svgDownload.path(), "utf8");
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain("Cache");
    const [fileDownload] = await Promise.all([candidate.waitForEvent("download"), candidate.getByTestId("board-1-excalidraw").click()]);
    expect(fileDownload.suggestedFilename()).toBe("mockloop-board-round-1.excalidraw");
    const file = JSON.parse(readFileSync(await fileDownload.path(), "utf8")) as { type: string; elements: { type: string }[] };
    expect(file.type).toBe("excalidraw");
    expect(file.elements.map((element) => element.type).sort()).toEqual(["arrow", "rectangle", "text"]);

    expect(problems).toEqual([]);
  });
});
