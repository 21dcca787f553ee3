import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { artifacts, PHONE, useBrowserAndServer, findChromium } from "@mockloop/test-support/browser";

/** A pair swapping roles, and a study group of three rotating through two rounds, each person in their own window. */

const chromiumLookup = findChromium();
const suite = chromiumLookup.found ? describe : describe.skip;
const POLL = { timeout: 15_000 };

suite(chromiumLookup.found ? "pairs and study groups in the browser" : `pairs and groups (skipped: ${chromiumLookup.skipReason})`, () => {
  const env = useBrowserAndServer(chromiumLookup);

  async function createRoom(page: Page, name: string, role: "interviewer" | "group"): Promise<string> {
    await page.goto(env.url("/"));
    const form = page.getByTestId("create-room-form");
    await form.getByTestId("stage-select").selectOption("amazon-tpm/drill");
    await form.getByTestId("name-input").fill(name);
    await form.getByTestId(`role-${role}`).check();
    await form.getByTestId("create-room-button").click();
    await page.getByTestId("invite-link").waitFor();
    return page.getByTestId("invite-link").inputValue();
  }

  async function join(page: Page, invite: string, name: string, role?: "candidate") {
    await page.goto(invite);
    const form = page.getByTestId("join-form");
    await form.getByTestId("name-input").fill(name);
    if (role) await form.getByTestId("role-select").selectOption(role);
    await form.getByTestId("join-button").click();
    await page.getByTestId("timer-display").waitFor();
  }

  /** As the round's interviewer: push the suggested question, then submit a scorecard. */
  async function runRoundAsInterviewer(page: Page, strengths: string) {
    await page.getByTestId("push-suggested").click();
    await page.getByTestId("current-question-guidance").waitFor();
    const form = page.getByTestId("scorecard-form");
    await form.getByTestId("recommendation-inclined").check();
    await form.getByLabel("Strengths").fill(strengths);
    await form.getByTestId("scorecard-submit").click();
    await page.getByTestId("submitted-scorecard").waitFor();
  }

  const isInterviewer = async (page: Page) => (await page.getByTestId("question-list").count()) === 1;

  it("swaps roles in a pair once the first scorecard is in", async () => {
    const ann = await env.page();
    const invite = await createRoom(ann, "Ann", "interviewer");
    const ben = await env.page();
    await join(ben, invite, "Ben", "candidate");

    expect(await ben.getByTestId("swap-roles").count()).toBe(0);
    await runRoundAsInterviewer(ann, "Round one went well");
    await ben.getByTestId("swap-roles").click();

    // Ben now asks and Ann answers, in a fresh round 2.
    await expect.poll(() => isInterviewer(ben), POLL).toBe(true);
    await expect.poll(() => isInterviewer(ann), POLL).toBe(false);
    await expect.poll(() => ann.getByTestId("rotation-past-1").count(), POLL).toBe(1);
    await runRoundAsInterviewer(ben, "Round two went well too");
    await expect.poll(() => ann.getByTestId("submitted-scorecard").innerText(), POLL).toContain("Round two went well too");
  });

  it("runs a study group of three through two full rotations with the host at the controls", async () => {
    const host = await env.page();
    const invite = await createRoom(host, "Hana", "group");
    const [ivo, jo] = [await env.page(), await env.page()];
    await join(ivo, invite, "Ivo");
    await join(jo, invite, "Jo");
    const everyone = [host, ivo, jo];

    // Two rotations of three: everyone answers twice and asks twice.
    await host.getByTestId("group-rounds-input").fill("6");
    await host.getByTestId("group-plan").click();
    for (const page of everyone) await expect.poll(() => page.getByTestId("rotation-upcoming-6").count(), POLL).toBe(1);
    expect(await ivo.getByTestId("group-next").count()).toBe(0);

    const asked = new Map<Page, number>();
    for (const round of [1, 2, 3, 4, 5, 6]) {
      await host.getByTestId("group-next").click();
      for (const page of everyone) await expect.poll(() => page.getByTestId("rotation-current").innerText(), POLL).toContain(`Round ${round}`);
      // Exactly one window holds the interviewer's view (once it has rendered); that person runs the round.
      await expect.poll(async () => (await Promise.all(everyone.map(isInterviewer))).filter(Boolean).length, POLL).toBe(1);
      const roles = await Promise.all(everyone.map(isInterviewer));
      const asker = everyone[roles.indexOf(true)] as Page;
      asked.set(asker, (asked.get(asker) ?? 0) + 1);
      await runRoundAsInterviewer(asker, `Strengths in round ${round}`);
      for (const page of everyone) await expect.poll(() => page.getByTestId("rotation-current").innerText(), POLL).toContain("Scorecard in");
    }
    await expect.poll(() => jo.getByTestId("rotation-past-5").innerText(), POLL).toContain("Scorecard in");
    expect(everyone.map((page) => asked.get(page))).toEqual([2, 2, 2]);
    // Everyone answered twice too: the board names each of them twice as the one who answered.
    const board = await jo.getByTestId("rotation-board").innerText();
    for (const name of ["Hana", "Ivo", "Jo"]) expect(board.match(new RegExp(`${name} answer`, "g"))?.length).toBe(2);
    await jo.setViewportSize(PHONE);
    await jo.screenshot({ path: `${artifacts}group-board-phone.png`, fullPage: true });
    await host.screenshot({ path: `${artifacts}group-board-laptop.png`, fullPage: true });

    // The debrief lists both rounds.
    await host.getByTestId("debrief-link").click();
    await expect.poll(() => host.locator("body").innerText(), POLL).toContain("Strengths in round 6");
    for (const round of [1, 2, 3, 4, 5]) expect(await host.locator("body").innerText()).toContain(`Strengths in round ${round}`);
  });
});
