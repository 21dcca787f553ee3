import { ErrorCode, NOT_ASSESSED, emptyScorecardContent, type ScorecardContent } from "@mockloop/protocol";
import { loadQuestionBank } from "@mockloop/questions";
import { beforeEach, describe, expect, it } from "vitest";
import type { ObserverNotesService } from "../../src/features/observer-notes/index.ts";
import type { QuestionService } from "../../src/features/questions/index.ts";
import { roomSnapshot, type RoomService } from "../../src/features/room/index.ts";
import { debriefView, scorecardView, type ScorecardService } from "../../src/features/scorecards/index.ts";
import { embeddedServices } from "./services.ts";

const bank = loadQuestionBank();
const content = (overrides: Partial<ScorecardContent>): ScorecardContent => ({ ...emptyScorecardContent(), ...overrides });

describe("ScorecardService (domain rules, embedded store, controlled clock)", () => {
  let clock: number;
  let rooms: RoomService;
  let scorecards: ScorecardService;
  let notes: ObserverNotesService;
  let questions: QuestionService;
  beforeEach(() => {
    clock = 1_700_000_000_000;
    ({ rooms, scorecards, notes, questions } = embeddedServices(bank, () => clock));
  });

  const round = async () => {
    const room = await rooms.createRoom("amazon-tpm", "phone-interview");
    const interviewer = await rooms.join(room.id, { name: "Iris", role: "interviewer" }, "i");
    const candidate = await rooms.join(room.id, { name: "Cam", role: "candidate" }, "c");
    const observer = await rooms.join(room.id, { name: "Ola", role: "observer" }, "o");
    await questions.push(room.id, interviewer.participant.id, "lp-most-complex-program");
    return { roomId: room.id, interviewer: interviewer.participant.id, candidate, observer: observer.participant.id };
  };

  it("rates the stage's competencies and the principles of the asked questions", async () => {
    const { roomId } = await round();
    const state = roomSnapshot(bank, await rooms.getRoom(roomId), "interviewer", []);
    if (state.view !== "interviewer") throw new Error("interviewer view expected");
    expect(state.rubric.competencies.map((c) => c.id)).toEqual(["program-management", "technical-depth", "communication"]);
    const asked = bank.findQuestion("amazon-tpm", "lp-most-complex-program");
    expect(state.rubric.principles.map((p) => p.id)).toEqual(asked?.principles);
  });

  it("saves drafts with versions and refuses a save based on an old one, answering the latest", async () => {
    const { roomId, interviewer } = await round();
    expect(await scorecards.getDraft(roomId, interviewer)).toEqual({ content: emptyScorecardContent(), version: 0, updatedAt: null });
    const first = await scorecards.saveDraft(roomId, interviewer, content({ strengths: "Clear story" }), 0);
    expect(first).toMatchObject({ version: 1, updatedAt: clock });
    const second = await scorecards.saveDraft(roomId, interviewer, content({ strengths: "Clear story, strong metrics" }), 1);
    expect(second.version).toBe(2);

    // A second tab still on version 1:
    const stale = scorecards.saveDraft(roomId, interviewer, content({ strengths: "Overwritten?" }), 1);
    await expect(stale).rejects.toMatchObject({
      code: ErrorCode.DraftConflict,
      details: { latest: { version: 2, content: { strengths: "Clear story, strong metrics" } } },
    });
    expect((await scorecards.getDraft(roomId, interviewer)).content.strengths).toBe("Clear story, strong metrics");
  });

  it("lets only the interviewer write the scorecard, and only an observer keep observer notes", async () => {
    const { roomId, candidate, observer } = await round();
    await expect(scorecards.getDraft(roomId, candidate.participant.id)).rejects.toMatchObject({ code: ErrorCode.Forbidden });
    await expect(scorecards.saveDraft(roomId, observer, emptyScorecardContent(), 0)).rejects.toMatchObject({ code: ErrorCode.Forbidden });
    await expect(scorecards.submit(roomId, candidate.participant.id, { requestId: "r-12345678", content: content({ recommendation: "strong-hire" }) })).rejects.toMatchObject({
      code: ErrorCode.Forbidden,
    });
    await expect(notes.save(roomId, candidate.participant.id, "hi", 0)).rejects.toMatchObject({ code: ErrorCode.Forbidden });
  });

  it("submits once: completes the rubric, keeps the notes, and answers a retry with the same scorecard", async () => {
    const { roomId, interviewer } = await round();
    clock += 60_000;
    const submission = {
      requestId: "submit-0001",
      content: content({
        recommendation: "inclined",
        competencies: { communication: { rating: "strong-hire", evidence: "Structured every answer" } },
        principles: { ownership: { rating: "inclined", evidence: "Took the migration on herself" } },
        questions: [{ questionId: "lp-most-complex-program", notes: "Six teams, one launch", star: { situation: true, task: true, action: true, result: false } }],
        strengths: "Clear structure",
        areasToWorkOn: "Quantify results",
        nextPractice: "Tell the result first, with a number",
      }),
    };
    const first = await scorecards.submit(roomId, interviewer, submission);
    expect(first.update.changed).toBe(true);
    const view = scorecardView(bank, first.update.room, first.scorecard);
    expect(view).toMatchObject({ round: 1, recommendation: "inclined", submittedAt: clock, interviewer: { name: "Iris" }, candidate: { name: "Cam" } });
    expect(view.competencies.map((c) => [c.id, c.rating])).toEqual([
      ["program-management", NOT_ASSESSED],
      ["technical-depth", NOT_ASSESSED],
      ["communication", "strong-hire"],
    ]);
    expect(view.principles.find((p) => p.id === "ownership")).toMatchObject({ name: "Ownership", rating: "inclined" });
    expect(view.questions).toEqual([expect.objectContaining({ id: "lp-most-complex-program", notes: "Six teams, one launch" })]);

    const retry = await scorecards.submit(roomId, interviewer, submission);
    expect(retry.update.changed).toBe(false);
    expect(retry.scorecard).toEqual(first.scorecard);
    await expect(scorecards.submit(roomId, interviewer, { ...submission, requestId: "submit-0002" })).rejects.toMatchObject({
      code: ErrorCode.ScorecardAlreadySubmitted,
    });
    await expect(scorecards.saveDraft(roomId, interviewer, emptyScorecardContent(), 0)).rejects.toMatchObject({
      code: ErrorCode.ScorecardAlreadySubmitted,
    });
  });

  it("refuses what the rubric does not know, and a final scorecard without a recommendation", async () => {
    const { roomId, interviewer } = await round();
    const attempts: Partial<ScorecardContent>[] = [
      { recommendation: null },
      { recommendation: "maybe" },
      { recommendation: "inclined", competencies: { charisma: { rating: "inclined", evidence: "" } } },
      { recommendation: "inclined", principles: { ownership: { rating: "excellent", evidence: "" } } },
      { recommendation: "inclined", questions: [{ questionId: "tech-tcp-vs-udp", notes: "", star: { situation: false, task: false, action: false, result: false } }] },
    ];
    for (const attempt of attempts) {
      await expect(scorecards.submit(roomId, interviewer, { requestId: "submit-0003", content: content(attempt) }), JSON.stringify(attempt)).rejects.toMatchObject({
        code: ErrorCode.BadRequest,
      });
    }
    expect((await rooms.getRoom(roomId)).scorecard).toBeNull();
  });

  it("shares observer notes with the candidate only when the observer says so", async () => {
    const { roomId, observer } = await round();
    await notes.save(roomId, observer, "Good eye contact; slow start", 0);
    expect(roomSnapshot(bank, await rooms.getRoom(roomId), "attendee", []).observerNotes).toEqual([]);
    await expect(notes.save(roomId, observer, "stale", 0)).rejects.toMatchObject({ code: ErrorCode.DraftConflict });
    const { room: shared } = await notes.share(roomId, observer, "share-0001");
    expect(roomSnapshot(bank, shared, "attendee", []).observerNotes).toEqual([
      { round: 1, observer: { id: observer, name: "Ola" }, notes: "Good eye contact; slow start", sharedAt: clock },
    ]);
    await notes.save(roomId, observer, "Updated after the round", 1);
    const { room: again } = await notes.share(roomId, observer, "share-0002");
    expect(again.observerNotes.map((notes) => notes.notes)).toEqual(["Updated after the round"]);
  });

  it("lets the round's people read its scorecard and debrief with their token, also after leaving", async () => {
    const { roomId, interviewer, candidate } = await round();
    await scorecards.submit(roomId, interviewer, {
      requestId: "submit-0004",
      content: content({ recommendation: "strong-hire", principles: { ownership: { rating: "strong-hire", evidence: "" } } }),
    });
    await expect(scorecards.readableRounds(roomId, "x".repeat(43))).rejects.toMatchObject({ code: ErrorCode.InvalidToken });
    const { room, reader, rounds } = await scorecards.readableRounds(roomId, candidate.token);
    expect(reader.id).toBe(candidate.participant.id);
    const debrief = debriefView(bank, room, rounds);
    // Leaving ends taking part, not reading the feedback.
    await rooms.leave(roomId, candidate.participant.id);
    await expect(rooms.join(roomId, { token: candidate.token }, "again")).rejects.toMatchObject({ code: ErrorCode.InvalidToken });
    const afterLeaving = await scorecards.readableRounds(roomId, candidate.token);
    expect(afterLeaving.reader.id).toBe(candidate.participant.id);
    expect(debriefView(bank, afterLeaving.room, afterLeaving.rounds).rounds[0]?.candidate).toEqual({ id: candidate.participant.id, name: "Cam" });
    expect(debrief.rounds).toHaveLength(1);
    expect(debrief.rounds[0]).toMatchObject({ round: 1, candidate: { name: "Cam" }, interviewer: { name: "Iris" }, scorecard: { recommendation: "strong-hire" } });
    expect(debrief.candidates).toEqual([
      {
        candidate: { id: candidate.participant.id, name: "Cam" },
        rounds: [1],
        recommendations: [{ round: 1, recommendation: "strong-hire" }],
        principles: [{ id: "ownership", name: "Ownership", ratings: [{ round: 1, rating: "strong-hire" }] }],
      },
    ]);
  });
});
