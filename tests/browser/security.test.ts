import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { useBrowserAndServer, findChromium } from "@mockloop/test-support/browser";

/**
 * The security headers on every kind of answer, and a whole round run under them in two real browsers: no
 * Content-Security-Policy violation, and no request leaving the server's origin.
 */

const chromiumLookup = findChromium();
const suite = chromiumLookup.found ? describe : describe.skip;
const POLL = { timeout: 15_000 };
const QUESTION_ID = "tech-tcp-vs-udp";

/** Reports every CSP violation the page sees as a console error, which the test collects. */
const reportViolations = `document.addEventListener("securitypolicyviolation", (event) => {
  console.error("csp-violation: " + event.violatedDirective + " blocked " + event.blockedURI);
});`;

interface Watched {
  page: Page;
  violations: string[];
  foreignRequests: string[];
}

suite(chromiumLookup.found ? "security headers and a round under them" : `security headers (skipped: ${chromiumLookup.skipReason})`, () => {
  const env = useBrowserAndServer(chromiumLookup);

  /** A window in a fresh context, watched for CSP violations and for requests to anywhere but the server. */
  async function watchedPage(): Promise<Watched> {
    const page = await env.page();
    const origin = new URL(env.url()).origin;
    const socketOrigin = origin.replace(/^http/, "ws");
    const violations: string[] = [];
    const foreignRequests: string[] = [];
    await page.context().addInitScript(reportViolations);
    page.on("console", (message) => {
      const text = message.text();
      if (text.startsWith("csp-violation") || /Content Security Policy/i.test(text)) violations.push(text);
    });
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (url.origin !== origin && url.protocol !== "data:" && url.protocol !== "blob:") foreignRequests.push(request.url());
    });
    page.on("websocket", (socket) => {
      if (new URL(socket.url()).origin !== socketOrigin) foreignRequests.push(socket.url());
    });
    return { page, violations, foreignRequests };
  }

  const createRoom = async () => {
    const response = await fetch(env.url("/api/rooms"), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ trackId: "amazon-tpm", stageId: "recruiter-screen" }) });
    return ((await response.json()) as { roomId: string }).roomId;
  };

  it("sets the CSP and the other security headers on the app, a room page and the API", async () => {
    const { page } = await watchedPage();
    const roomId = await createRoom();
    for (const path of ["/", `/r/${roomId}`, "/api/tracks", `/api/rooms/${roomId}`]) {
      const response = await page.goto(env.url(path));
      if (!response) throw new Error(`no response for ${path}`);
      expect(response.status(), path).toBe(200);
      const headers = await response.allHeaders();
      const csp = headers["content-security-policy"] ?? "";
      const scriptSrc = csp.split(";").find((directive) => directive.trim().startsWith("script-src")) ?? "";
      expect(scriptSrc.trim(), path).toBe("script-src 'self'");
      expect(csp, path).toContain("default-src 'self'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("object-src 'none'");
      expect(headers["x-frame-options"], path).toBe("DENY");
      expect(headers["x-content-type-options"], path).toBe("nosniff");
      expect(headers["referrer-policy"], path).toBe("no-referrer");
      expect(headers["strict-transport-security"], path).toMatch(/max-age=\d+/);
      expect(headers["permissions-policy"], path).toContain("camera=(self)");
      expect(headers["permissions-policy"], path).toContain("geolocation=()");
      expect(headers["cross-origin-opener-policy"], path).toBe("same-origin");
      if (path.startsWith("/api/rooms")) expect(headers["cache-control"], path).toBe("no-store");
    }
  });

  it("runs a round under them — create, join, push a question, run the timer, submit a scorecard — with no violation and nothing sent elsewhere", async () => {
    const interviewer = await watchedPage();
    const candidate = await watchedPage();

    // The start page refuses a name with a hidden direction mark, and says why.
    await interviewer.page.goto(env.url("/"));
    const createForm = interviewer.page.getByTestId("create-room-form");
    await createForm.getByTestId("name-input").fill("Ivy\u202Eevil");
    await expect.poll(() => createForm.getByTestId("name-input-problem").innerText(), POLL).toMatch(/invisible characters/);

    await createForm.getByTestId("stage-select").selectOption("amazon-tpm/phone-interview");
    await createForm.getByTestId("name-input").fill("Ivy Interviewer");
    expect(await createForm.getByTestId("name-input-problem").count()).toBe(0);
    await createForm.getByTestId("role-interviewer").check();
    await createForm.getByTestId("create-room-button").click();
    await expect.poll(() => interviewer.page.url(), POLL).toMatch(/\/r\/[A-Za-z0-9_-]+$/);
    const inviteLink = await interviewer.page.getByTestId("invite-link").inputValue();
    await interviewer.page.getByTestId("question-list").waitFor(POLL);

    await candidate.page.goto(inviteLink);
    const joinForm = candidate.page.getByTestId("join-form");
    await joinForm.getByTestId("name-input").fill("Cam Candidate");
    await joinForm.getByTestId("role-select").selectOption("candidate");
    await joinForm.getByTestId("join-button").click();
    await candidate.page.getByTestId("timer-display").waitFor(POLL);

    await interviewer.page.getByTestId("question-segment-technical").click();
    await interviewer.page.getByTestId("question-search").fill("TCP UDP");
    await interviewer.page.getByTestId(`push-question-${QUESTION_ID}`).click();
    await expect.poll(() => candidate.page.getByTestId("current-prompt").innerText(), POLL).toContain("TCP");

    await interviewer.page.getByTestId("timer-start").click();
    await expect.poll(() => candidate.page.getByTestId("timer-display").getAttribute("data-status"), POLL).toBe("running");
    await interviewer.page.getByTestId("timer-pause").click();
    await expect.poll(() => candidate.page.getByTestId("timer-display").getAttribute("data-status"), POLL).toBe("paused");

    const form = interviewer.page.getByTestId("scorecard-form");
    await form.waitFor(POLL);
    await form.getByTestId("rating-competency-communication-inclined").check();
    await form.getByTestId("scorecard-strengths").fill("Clear trade-offs between TCP and UDP.");
    await form.getByTestId("recommendation-inclined").check();
    await expect.poll(() => interviewer.page.getByTestId("scorecard-editor").getByTestId("save-status").getAttribute("data-status"), POLL).toBe("saved");
    await form.getByTestId("scorecard-submit").click();
    await interviewer.page.getByTestId("submitted-scorecard").waitFor(POLL);
    await expect.poll(() => candidate.page.getByTestId("submitted-scorecard").innerText(), POLL).toContain("Inclined");

    for (const { violations, foreignRequests } of [interviewer, candidate]) {
      expect(violations).toEqual([]);
      expect(foreignRequests).toEqual([]);
    }
  });
});
