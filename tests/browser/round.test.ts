import { readFileSync } from "node:fs";
import { escapeMarkdown, submittedScorecardSchema } from "@mockloop/protocol";
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { artifacts, LAPTOP, PHONE, useBrowserAndServer, findChromium } from "@mockloop/test-support/browser";

/**
 * A whole round in two real browsers against the real server (embedded in-memory store, built web app):
 * create, invite, join, push a question, run the shared timer, write the scorecard (surviving a reload),
 * submit it, read it everywhere, and export it.
 */

const chromiumLookup = findChromium();
const QUESTION_ID = "tech-tcp-vs-udp";
// Plain sentences (no Markdown characters), so the Markdown export holds them verbatim.
const QUESTION_NOTES = "Clear comparison of TCP and UDP.\nWork on naming concrete numbers for latency budgets.";
const COMPETENCY_EVIDENCE = "Explained each trade-off in plain words before going into detail.";
const PRINCIPLE_EVIDENCE = "Went down to retransmission and head of line blocking without being asked.";
const STRENGTHS = "Structured every answer around a concrete product feature.";
const AREAS = "Quantify latency budgets instead of saying fast or slow.";
const NEXT_PRACTICE = "Open the next answer with the numbers that made the problem hard.";
const OBSERVER_NOTES = "The UDP example for live video was the strongest moment of the round.";
const POLL = { timeout: 15_000 };

const suite = chromiumLookup.found ? describe : describe.skip;
const suiteName = chromiumLookup.found ? "a full round in the browser" : `a full round in the browser (skipped: ${chromiumLookup.skipReason})`;

suite(suiteName, () => {
  const env = useBrowserAndServer(chromiumLookup);
  const newPage = env.page;

  const urlOrAlert = async (page: Page) => {
    const alert = page.getByRole("alert");
    return (await alert.count()) > 0 ? `alert: ${await alert.first().textContent()}` : page.url();
  };
  const text = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent()) ?? "";
  const remainingMs = async (page: Page) => Number(await page.getByTestId("timer-display").getAttribute("data-remaining-ms"));
  const screenshot = (page: Page, name: string) => page.screenshot({ path: `${artifacts}${name}.png`, fullPage: true });

  it("runs a round from invite to scorecard, with a reload in the middle", async () => {
    // The interviewer creates a room for the phone interview on the start page.
    const interviewer = await newPage();
    await interviewer.goto(env.url());
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

    // The interviewer writes the scorecard. The draft saves as they type; the candidate sees none of it.
    const editor = interviewer.getByTestId("scorecard-editor");
    const form = interviewer.getByTestId("scorecard-form");
    const saveStatus = editor.getByTestId("save-status");
    await form.waitFor();
    await expect.poll(() => form.locator(".question-notes").count(), POLL).toBe(2);
    await form.getByTestId("rating-competency-communication-inclined").check();
    await form.getByTestId("evidence-competency-communication").fill(COMPETENCY_EVIDENCE);
    await form.getByTestId("rating-principle-dive-deep-strong-hire").check();
    await form.getByTestId("evidence-principle-dive-deep").fill(PRINCIPLE_EVIDENCE);
    expect(await text(interviewer, "rating-principle-dive-deep-description")).toContain("Raises the bar");
    const questionNotes = form.getByTestId(`question-notes-${QUESTION_ID}`);
    await questionNotes.getByTestId(`question-notes-${QUESTION_ID}-text`).fill(QUESTION_NOTES);
    await questionNotes.getByTestId(`question-notes-${QUESTION_ID}-star-situation`).check();
    await questionNotes.getByTestId(`question-notes-${QUESTION_ID}-star-result`).check();
    await form.getByTestId("scorecard-strengths").fill(STRENGTHS);
    expect(await text(interviewer, "scorecard-strengths-count")).toBe(`${STRENGTHS.length} / 4000 characters`);
    await expect.poll(() => saveStatus.getAttribute("data-status"), POLL).toBe("saved");
    expect(await saveStatus.textContent()).toMatch(/^Saved \d/);

    // A reload mid-way brings the draft back exactly.
    const checked = (scope: Locator, testId: string) => scope.getByTestId(testId).isChecked();
    const draftFields = async () => ({
      competency: await checked(form, "rating-competency-communication-inclined"),
      untouched: await checked(form, "rating-competency-technical-depth-not-assessed"),
      competencyEvidence: await form.getByTestId("evidence-competency-communication").inputValue(),
      principle: await checked(form, "rating-principle-dive-deep-strong-hire"),
      principleEvidence: await form.getByTestId("evidence-principle-dive-deep").inputValue(),
      notes: await form.getByTestId(`question-notes-${QUESTION_ID}-text`).inputValue(),
      star: await Promise.all(["situation", "task", "action", "result"].map((part) => checked(form, `question-notes-${QUESTION_ID}-star-${part}`))),
      strengths: await form.getByTestId("scorecard-strengths").inputValue(),
      areas: await form.getByTestId("scorecard-areas").inputValue(),
    });
    const beforeReload = await draftFields();
    expect(beforeReload).toEqual({
      competency: true,
      untouched: true,
      competencyEvidence: COMPETENCY_EVIDENCE,
      principle: true,
      principleEvidence: PRINCIPLE_EVIDENCE,
      notes: QUESTION_NOTES,
      star: [true, false, false, true],
      strengths: STRENGTHS,
      areas: "",
    });
    await interviewer.reload();
    await form.waitFor(POLL);
    expect(await draftFields()).toEqual(beforeReload);
    expect(await saveStatus.getAttribute("data-status")).toBe("saved");
    // The notes next to the question on screen are the same draft.
    await interviewer.getByTestId("current-question-notes").waitFor();

    // Another tab of the interviewer saves; this one, with nothing unsaved, follows.
    const secondTab = await interviewer.context().newPage();
    await secondTab.goto(interviewer.url());
    await secondTab.getByTestId("scorecard-form").getByTestId("scorecard-areas").fill(AREAS);
    await expect.poll(() => secondTab.getByTestId("scorecard-editor").getByTestId("save-status").getAttribute("data-status"), POLL).toBe("saved");
    await expect.poll(() => form.getByTestId("scorecard-areas").inputValue(), POLL).toBe(AREAS);
    await secondTab.close();

    await form.getByTestId("recommendation-inclined").check();
    await form.getByTestId("scorecard-next-practice").fill(NEXT_PRACTICE);
    await expect.poll(() => saveStatus.getAttribute("data-status"), POLL).toBe("saved");
    await editor.screenshot({ path: `${artifacts}scorecard-form-laptop.png` });
    await interviewer.setViewportSize(PHONE);
    await editor.screenshot({ path: `${artifacts}scorecard-form-phone.png` });
    await interviewer.setViewportSize(LAPTOP);

    // An observer joins and keeps notes of their own: autosaved, private until shared.
    const observer = await newPage();
    await observer.goto(inviteLink);
    const observerJoin = observer.getByTestId("join-form");
    await observerJoin.getByTestId("name-input").fill("Olive Observer");
    await observerJoin.getByTestId("role-select").selectOption("observer");
    await observerJoin.getByTestId("join-button").click();
    await observer.getByTestId("observer-notes").fill(OBSERVER_NOTES);
    await expect.poll(() => observer.getByTestId("save-status").getAttribute("data-status"), POLL).toBe("saved");
    await observer.reload();
    await expect.poll(() => observer.getByTestId("observer-notes").inputValue(), POLL).toBe(OBSERVER_NOTES);

    // Nothing of the drafts ever reached the candidate.
    const candidateHtml = await candidate.content();
    for (const draftText of [STRENGTHS, AREAS, NEXT_PRACTICE, COMPETENCY_EVIDENCE, "Clear comparison of TCP", OBSERVER_NOTES]) {
      expect(candidateHtml).not.toContain(draftText);
    }
    expect(await candidate.getByTestId("submitted-scorecard").count()).toBe(0);

    // Shared, the observer's notes reach the candidate as feedback of their own.
    await observer.getByTestId("observer-notes-share").click();
    await expect.poll(() => candidate.getByTestId("shared-observer-notes").count(), POLL).toBe(1);
    expect(await candidate.getByTestId("shared-observer-notes").innerText()).toContain(OBSERVER_NOTES);
    await expect.poll(() => text(observer, "observer-notes-shared-status"), POLL).toMatch(/^Shared with the candidate/);
    await screenshot(observer, "observer-laptop");

    // Submitted: the interviewer's form turns read-only, and the candidate sees the scorecard at once.
    await form.getByTestId("scorecard-submit").click();
    await interviewer.getByTestId("submitted-scorecard").waitFor(POLL);
    expect(await interviewer.getByTestId("scorecard-form").count()).toBe(0);
    await expect.poll(() => text(candidate, "submitted-scorecard"), POLL).toContain("Inclined");
    const submittedOn = (page: Page) => page.getByTestId("submitted-scorecard");
    const expectSubmitted = async (scorecard: Locator) => {
      expect(await scorecard.getByTestId("scorecard-recommendation").textContent()).toBe("Inclined");
      expect(await scorecard.getByTestId("scorecard-strengths-text").innerText()).toBe(STRENGTHS);
      expect(await scorecard.getByTestId("scorecard-areas-text").innerText()).toBe(AREAS);
      expect(await scorecard.getByTestId("scorecard-next-practice-text").innerText()).toBe(NEXT_PRACTICE);
      expect(await scorecard.getByTestId(`scorecard-question-notes-${QUESTION_ID}`).innerText()).toBe(QUESTION_NOTES);
      const question = scorecard.getByTestId(`scorecard-question-${QUESTION_ID}`);
      expect(await question.innerText()).toContain(prompt);
      expect(await question.locator('[data-met="true"]').count()).toBe(2);
      const competency = scorecard.getByTestId("scorecard-rating-competency-communication");
      expect(await competency.getAttribute("data-rating")).toBe("inclined");
      expect(await competency.innerText()).toContain(COMPETENCY_EVIDENCE);
      const principle = scorecard.getByTestId("scorecard-rating-principle-dive-deep");
      expect(await principle.innerText()).toContain("Strong Hire");
      expect(await principle.innerText()).toContain(PRINCIPLE_EVIDENCE);
      expect(await scorecard.getByTestId("scorecard-rating-competency-technical-depth").innerText()).toContain("Not assessed");
    };
    await expectSubmitted(submittedOn(candidate));
    await expectSubmitted(submittedOn(interviewer));
    await screenshot(candidate, "candidate-scorecard-laptop");
    await candidate.setViewportSize(PHONE);
    await screenshot(candidate, "candidate-scorecard-phone");
    await candidate.setViewportSize(LAPTOP);

    // The debrief, linked from the room page, shows the round with its scorecard and a summary per candidate.
    await candidate.getByTestId("debrief-link").click();
    await expect.poll(() => candidate.url(), POLL).toBe(new URL(`/r/${roomId}/debrief`, env.url()).href);
    const round = candidate.getByTestId("debrief-round-1");
    await round.waitFor(POLL);
    expect(await round.getByTestId("round-candidate").textContent()).toBe("Cam Candidate");
    expect(await round.getByTestId("round-interviewer").textContent()).toBe("Ivy Interviewer");
    await expectSubmitted(round.getByTestId("submitted-scorecard"));
    expect(await round.getByTestId("shared-observer-notes").innerText()).toContain(OBSERVER_NOTES);
    const summary = candidate.getByTestId("debrief-summary");
    expect(await summary.getByTestId("summary-recommendation").innerText()).toContain("Inclined");
    expect(await summary.getByTestId("summary-principle-dive-deep").innerText()).toContain("Strong Hire");
    await screenshot(candidate, "debrief-laptop");
    await candidate.setViewportSize(PHONE);
    await screenshot(candidate, "debrief-phone");
    await candidate.setViewportSize(LAPTOP);
    // Printed (to PDF, say): the content alone, without navigation or buttons.
    await candidate.emulateMedia({ media: "print" });
    expect(await candidate.getByTestId("export-debrief-markdown").isVisible()).toBe(false);
    expect(await candidate.locator(".site-header").isVisible()).toBe(false);
    expect(await round.getByTestId("scorecard-recommendation").isVisible()).toBe(true);
    await screenshot(candidate, "debrief-print");
    await candidate.emulateMedia({ media: "screen" });

    // The Markdown download holds the same content, as plain text.
    const [download] = await Promise.all([candidate.waitForEvent("download"), candidate.getByTestId("export-debrief-markdown").click()]);
    expect(download.suggestedFilename()).toMatch(/^mockloop-debrief-phone-interview-\d{4}-\d{2}-\d{2}\.md$/);
    const markdown = readFileSync(await download.path(), "utf8");
    const everything = [STRENGTHS, AREAS, NEXT_PRACTICE, escapeMarkdown(prompt), COMPETENCY_EVIDENCE, PRINCIPLE_EVIDENCE, OBSERVER_NOTES];
    for (const expected of ["Recommendation: Inclined", "Strong Hire", "Notes from Olive Observer", ...everything]) {
      expect(markdown).toContain(expected);
    }
    const [jsonDownload] = await Promise.all([candidate.waitForEvent("download"), candidate.getByTestId("export-scorecard-1-json").click()]);
    expect(jsonDownload.suggestedFilename()).toBe("mockloop-scorecard-round-1-cam-candidate.json");
    const downloaded = submittedScorecardSchema.parse(JSON.parse(readFileSync(await jsonDownload.path(), "utf8")));
    expect(downloaded.strengths).toBe(STRENGTHS);

    // The same exports straight from the API, with the candidate's token from this browser.
    const token = await candidate.evaluate((id) => window.localStorage.getItem(`mockloop:token:${id}`), roomId);
    const api = (path: string) => fetch(env.url(path), { headers: { authorization: `Bearer ${token}` } });
    const scorecardMarkdown = await (await api(`/api/rooms/${roomId}/scorecards/1?format=markdown`)).text();
    for (const expected of ["Recommendation: Inclined", STRENGTHS, escapeMarkdown(prompt), COMPETENCY_EVIDENCE]) expect(scorecardMarkdown).toContain(expected);

    // The scorecard page lists the room's submitted scorecards.
    await candidate.goto(new URL(`/r/${roomId}/scorecard`, env.url()).href);
    await candidate.getByTestId("submitted-scorecard").waitFor(POLL);
    await expectSubmitted(candidate.getByTestId("submitted-scorecard"));
    await candidate.getByTestId("export-scorecard-1-markdown").waitFor();
    await screenshot(candidate, "scorecard-page-laptop");
  });
});
