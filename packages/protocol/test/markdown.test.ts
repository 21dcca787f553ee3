import { describe, expect, it } from "vitest";
import { boardDownloadPath, debriefToMarkdown, escapeMarkdown, scorecardToMarkdown, type Debrief, type SubmittedScorecard } from "../src/index.ts";

const scale = [
  { id: "strong-no-hire", label: "Strong No Hire", description: "" },
  { id: "inclined", label: "Inclined", description: "" },
];

const scorecard: SubmittedScorecard = {
  round: 1,
  interviewer: { id: "i1", name: "Iris" },
  candidate: { id: "c1", name: "Cam <script>" },
  questions: [{ id: "q1", prompt: "Tell me about *the* hardest program.", notes: "Good.\n- not a list", star: { situation: true, task: false, action: true, result: false } }],
  competencies: [{ id: "communication", name: "Communication", rating: "inclined", evidence: "Clear | concise" }],
  principles: [{ id: "ownership", name: "Ownership", rating: "not-assessed", evidence: "" }],
  recommendation: "inclined",
  strengths: "# Not a heading\n[not](a link)",
  areasToWorkOn: "",
  nextPractice: "Lead with the result",
  submittedAt: Date.UTC(2026, 10, 25, 9, 0),
};

describe("Markdown export", () => {
  it("escapes what a renderer would act on, leaving ordinary text readable", () => {
    expect(escapeMarkdown("a-b: c.d (e)!")).toBe("a-b: c.d (e)!");
    expect(escapeMarkdown("<b>&")).toBe("&lt;b>&amp;");
    expect(escapeMarkdown("# h\n- item\n1. one")).toBe("\\# h\n\\- item\n\\1. one");
    expect(escapeMarkdown("*x* _y_ [z](u) `c` a|b")).toBe("\\*x\\* \\_y\\_ \\[z\\](u) \\`c\\` a\\|b");
  });

  it("holds every part of a scorecard with labels from the scale", () => {
    const markdown = scorecardToMarkdown(scorecard, scale);
    expect(markdown).toContain("# Scorecard, round 1: Cam &lt;script>");
    expect(markdown).toContain("**Recommendation: Inclined**");
    expect(markdown).toContain("| Communication | Inclined | Clear \\| concise |");
    expect(markdown).toContain("| Ownership | Not assessed | — |");
    expect(markdown).toContain("Tell me about \\*the\\* hardest program.");
    expect(markdown).toContain("☑ Situation · ☐ Task · ☑ Action · ☐ Result");
    expect(markdown).toContain("Good.  \n\\- not a list");
    expect(markdown).toContain("\\# Not a heading  \n\\[not\\](a link)");
    expect(markdown).toContain("## Areas to work on\n\n_(none)_");
    expect(markdown).not.toContain("<script>");
  });

  it("lists every round of a debrief and a summary per candidate", () => {
    const debrief: Debrief = {
      roomId: "r",
      trackName: "Amazon TPM",
      stageName: "Phone interview",
      scale,
      rounds: [
        { round: 1, interviewer: scorecard.interviewer, candidate: scorecard.candidate, questions: [], scorecard, observerNotes: [] },
        {
          round: 2,
          interviewer: null,
          candidate: { id: "c2", name: "Dee" },
          questions: [{ id: "q2", prompt: "Why this role?" }],
          scorecard: null,
          observerNotes: [{ round: 2, observer: { id: "o", name: "Ola" }, notes: "Calm", sharedAt: 0 }],
        },
      ],
      candidates: [
        { candidate: scorecard.candidate, rounds: [1], recommendations: [{ round: 1, recommendation: "inclined" }], principles: [{ id: "ownership", name: "Ownership", ratings: [{ round: 1, rating: "inclined" }] }] },
      ],
    };
    const markdown = debriefToMarkdown(debrief);
    expect(markdown).toContain("# Debrief: Amazon TPM, Phone interview");
    expect(markdown).toContain("### Scorecard, round 1: Cam &lt;script>");
    expect(markdown).toContain("## Round 2");
    expect(markdown).toContain("_No scorecard submitted yet._");
    expect(markdown).toContain("## Notes from Ola (observer)");
    expect(markdown).toContain("Recommendations: round 1: Inclined");
    expect(markdown).toContain("- Ownership: Inclined");
    expect(markdown).not.toContain("Board:");

    const withBoard = debriefToMarkdown(debrief, new Map([[2, boardDownloadPath("room-id-0123456789", 2)]]));
    expect(withBoard).toContain("## Round 2\n\nCandidate: Dee · Interviewer: —\n\nBoard: [the board of round 2, as an .excalidraw file](/api/rooms/room-id-0123456789/boards/2?format=excalidraw)");
    expect(withBoard.match(/Board:/g)).toHaveLength(1);
  });

  it("points a scorecard to its round's board when it has one", () => {
    expect(scorecardToMarkdown(scorecard, scale, 1, "/api/rooms/r/boards/1?format=excalidraw")).toContain(
      "Board: [the board of round 1, as an .excalidraw file](/api/rooms/r/boards/1?format=excalidraw)",
    );
    expect(scorecardToMarkdown(scorecard, scale)).not.toContain("Board:");
  });
});
