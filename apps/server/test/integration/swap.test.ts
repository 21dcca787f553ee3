import { ErrorCode, debriefSchema } from "@mockloop/protocol";
import { describe, expect, it } from "vitest";
import { twoNodes, useRedisNodes } from "@mockloop/test-support/vitest";
import { createRoom, nextState, scorecardSubmission } from "@mockloop/test-support";

const interviewerOnlyFields = ["followUps", "guidance", "strongSignals", "suggestedQuestionId", "rubric"];

describe("a pair swaps roles for a second round", () => {
  const cluster = useRedisNodes();

  it("keeps both rounds and both scorecards, and gives each person the view of their new role", async () => {
    const [a, b] = await twoNodes(cluster);
    const roomId = await createRoom(a.url);
    const [ann, ben, ola] = [await cluster.connect(a), await cluster.connect(b), await cluster.connect(b)];
    await ann.join({ roomId, name: "Ann", role: "interviewer" });
    const benJoin = await ben.join({ roomId, name: "Ben", role: "candidate" });
    await ola.join({ roomId, name: "Ola", role: "observer" });

    await ann.pushQuestion("lp-most-complex-program");
    expect(await ben.request("round:swap", {})).toMatchObject({ ok: false, error: { code: ErrorCode.ScorecardNotSubmitted } });
    await ann.submitScorecard(scorecardSubmission({ recommendation: "inclined", strengths: "Round one: Ben owned the launch" }));
    expect(await ola.request("round:swap", {})).toMatchObject({ ok: false, error: { code: ErrorCode.Forbidden } });

    // From here on, record every frame Ann (the new candidate) receives.
    const annFrames: string[] = [];
    ann.socket.io.engine.on("packet", (packet: { data?: unknown }) => {
      if (packet.data !== undefined) annFrames.push(String(packet.data));
    });
    const annView = nextState(ann, (state) => state.round === 2);
    const benView = nextState(ben, (state) => state.round === 2);
    await ben.swapRoles();
    const [annState, benState] = [await annView, await benView];
    expect(annState.view).toBe("participant");
    expect(benState.view).toBe("interviewer");
    expect(annState.participants.map((p) => [p.name, p.role])).toEqual([
      ["Ann", "candidate"],
      ["Ben", "interviewer"],
      ["Ola", "observer"],
    ]);
    expect(benState).toMatchObject({ scorecard: null, askedQuestionIds: [], currentQuestion: null, timer: { status: "idle", segmentIndex: 0 } });
    expect(benState.pastRounds).toEqual([
      { round: 1, interviewer: { id: expect.any(String), name: "Ann" }, candidate: { id: benJoin.participant.id, name: "Ben" }, questionIds: ["lp-most-complex-program"], scorecardSubmitted: true },
    ]);
    // Ann heard the first round's question as its interviewer: it is not suggested again.
    expect(benState.view === "interviewer" && benState.suggestedQuestionId).not.toBe("lp-most-complex-program");

    // Ben now runs the round; Ann may not.
    expect(await ann.request("question:push", { questionId: "lp-direction-changed" })).toMatchObject({ ok: false, error: { code: ErrorCode.Forbidden } });
    await ben.pushQuestion("lp-direction-changed");
    await ben.submitScorecard(scorecardSubmission({ recommendation: "strong-hire", strengths: "Round two: Ann adapted fast" }));
    await nextState(ann, (state) => state.scorecard !== null);
    for (const field of interviewerOnlyFields) expect(annFrames.join("\n")).not.toContain(`"${field}"`);

    const debrief = debriefSchema.parse(
      await (await fetch(`${a.url}/api/rooms/${roomId}/debrief`, { headers: { authorization: `Bearer ${benJoin.token}` } })).json(),
    );
    expect(debrief.rounds.map((round) => [round.round, round.candidate?.name, round.interviewer?.name, round.scorecard?.recommendation])).toEqual([
      [1, "Ben", "Ann", "inclined"],
      [2, "Ann", "Ben", "strong-hire"],
    ]);
    expect(debrief.candidates.map((summary) => [summary.candidate.name, summary.recommendations.map((r) => r.recommendation)])).toEqual([
      ["Ben", ["inclined"]],
      ["Ann", ["strong-hire"]],
    ]);
    const list = await (await fetch(`${b.url}/api/rooms/${roomId}/scorecards`, { headers: { authorization: `Bearer ${benJoin.token}` } })).json();
    expect((list as { scorecards: { round: number }[] }).scorecards.map((scorecard) => scorecard.round)).toEqual([1, 2]);
  });
});
