import { describe, expect, it } from "vitest";
import { artifacts, findChromium, joinNewRoom, useBrowserAndServer } from "@mockloop/test-support/browser";

/**
 * Notes too long for one message: every field is within its own bound, but together, in a script of three bytes
 * a character, they pass what one socket message may carry. The page says so and keeps the connection; once
 * shortened, the draft saves.
 */

const chromiumLookup = findChromium();
const POLL = { timeout: 15_000 };
const suite = chromiumLookup.found ? describe : describe.skip;

suite("a scorecard too long to send", () => {
  const env = useBrowserAndServer(chromiumLookup);

  it("says to shorten the notes instead of dropping the connection, then saves the shorter draft", async () => {
    const page = await env.page();
    let reconnects = 0;
    page.on("websocket", () => (reconnects += 1));
    await joinNewRoom(page, env.url, "Ivy Interviewer", "interviewer");
    const form = page.getByTestId("scorecard-form");
    const status = page.getByTestId("scorecard-editor").getByTestId("save-status");
    await form.getByTestId("scorecard-strengths").fill("Short, and saved.");
    await expect.poll(() => status.getAttribute("data-status"), POLL).toBe("saved");
    const socketsAfterJoin = reconnects;

    // Two questions asked, so the scorecard has notes for each.
    for (const asked of [1, 2]) {
      await page.getByTestId("push-suggested").click();
      await expect.poll(() => form.locator('textarea[data-testid^="question-notes-"]').count(), POLL).toBe(asked);
    }
    // Each field at its own limit, three bytes a character: the questions' notes, the evidence and the overall notes.
    for (const notes of await form.locator('textarea[data-testid^="question-notes-"]').all()) await notes.fill("李".repeat(4_000));
    const evidence = form.locator('textarea[data-testid^="evidence-"]');
    for (const field of await evidence.all()) await field.fill("李".repeat(2_000));
    await form.getByTestId("scorecard-strengths").fill("李".repeat(4_000));
    await form.getByTestId("scorecard-areas").fill("李".repeat(4_000));
    await expect.poll(() => status.textContent(), POLL).toContain("the notes are too long; shorten some of them");
    expect(await status.textContent()).not.toContain("Retrying");
    // Sending the same notes again cannot work, so nothing offers to.
    expect(await status.getByRole("button", { name: "Try again" }).count()).toBe(0);
    await status.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${artifacts}scorecard-too-long.png` });
    // The connection was kept: no new WebSocket was opened.
    expect(reconnects).toBe(socketsAfterJoin);

    for (const field of await evidence.all()) await field.fill("");
    await form.getByTestId("scorecard-areas").fill("Shorter now.");
    await expect.poll(() => status.getAttribute("data-status"), POLL).toBe("saved");
    await page.reload();
    await expect.poll(() => page.getByTestId("scorecard-areas").inputValue(), POLL).toBe("Shorter now.");
    expect(await page.getByTestId("scorecard-strengths").inputValue()).toBe("李".repeat(4_000));
  });
});
