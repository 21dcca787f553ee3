import { ErrorCode, type RoomState } from "@mockloop/protocol";
import { describe, expect, it } from "vitest";
import { nextState, scorecardSubmission } from "@mockloop/test-support";
import { useEmbeddedServer } from "@mockloop/test-support/vitest";

async function createGroup(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/rooms`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ trackId: "amazon-tpm", stageId: "drill", kind: "group" }),
  });
  return ((await response.json()) as { roomId: string }).roomId;
}

describe("a study group rotates who answers and who asks", () => {
  const { server, connect } = useEmbeddedServer();
  const member = async (roomId: string, name: string) => {
    const client = await connect();
    const joined = await client.join({ roomId, name, role: "observer" });
    return { client, id: joined.participant.id, token: joined.token };
  };

  it("plans balanced rounds, starts them in turn, and keeps every round for the debrief", async () => {
    const roomId = await createGroup(server().url);
    const [ann, ben, cat] = [await member(roomId, "Ann"), await member(roomId, "Ben"), await member(roomId, "Cat")];
    const everyone = [ann, ben, cat];
    const byId = new Map(everyone.map((m) => [m.id, m]));

    expect(await ben.client.request("group:plan", { rounds: 3 })).toMatchObject({ ok: false, error: { code: ErrorCode.Forbidden } });
    const planned = nextState(cat.client, (state) => (state.group?.upcoming.length ?? 0) === 3);
    await ann.client.planGroup(3);
    const board = (await planned).group;
    expect(board?.hostId).toBe(ann.id);
    expect(board?.upcoming.map((slot) => slot.round)).toEqual([1, 2, 3]);
    expect(new Set(board?.upcoming.map((slot) => slot.candidateId)).size).toBe(3);
    expect(new Set(board?.upcoming.map((slot) => slot.interviewerId)).size).toBe(3);

    const roundsSeen: { candidate: string; interviewer: string }[] = [];
    for (let round = 1; round <= 3; round++) {
      const started = nextState(cat.client, (state: RoomState) => state.round === round && state.participants.some((p) => p.role === "candidate"));
      await ann.client.startNextGroupRound();
      const state = await started;
      const candidate = state.participants.find((p) => p.role === "candidate");
      const interviewer = state.participants.find((p) => p.role === "interviewer");
      if (!candidate || !interviewer) throw new Error("roles expected");
      expect(state.participants.filter((p) => p.role === "observer")).toHaveLength(1);
      roundsSeen.push({ candidate: candidate.name, interviewer: interviewer.name });

      const asker = byId.get(interviewer.id);
      if (!asker) throw new Error("interviewer is a member");
      if (round < 3) {
        expect(await ann.client.request("group:next", {})).toMatchObject({ ok: false, error: { code: ErrorCode.ScorecardNotSubmitted } });
      }
      await asker.client.pushQuestion((await asker.client.listQuestions()).questions[0]?.id ?? "");
      await asker.client.submitScorecard(scorecardSubmission({ recommendation: "inclined", strengths: `Round ${round}` }));
    }
    expect(new Set(roundsSeen.map((r) => r.candidate)).size).toBe(3);
    expect(new Set(roundsSeen.map((r) => r.interviewer)).size).toBe(3);
    expect(await ann.client.request("group:next", {})).toMatchObject({ ok: false, error: { code: ErrorCode.BadRequest } });

    const debrief = await (await fetch(`${server().url}/api/rooms/${roomId}/debrief`, { headers: { authorization: `Bearer ${cat.token}` } })).json();
    expect((debrief as { rounds: { scorecard: { strengths: string } | null }[] }).rounds.map((r) => r.scorecard?.strengths)).toEqual([
      "Round 1",
      "Round 2",
      "Round 3",
    ]);
  });

  it("re-plans when someone joins late or leaves, passes hosting on, and gives extra turns", async () => {
    const roomId = await createGroup(server().url);
    const [ann, ben, cat] = [await member(roomId, "Ann"), await member(roomId, "Ben"), await member(roomId, "Cat")];
    await ann.client.planGroup(3);
    const dee = await member(roomId, "Dee");
    const afterJoin = (await server().app.rooms.getRoom(roomId)).group;
    expect(afterJoin?.upcoming).toHaveLength(3);
    expect(afterJoin?.upcoming.some((slot) => slot.candidateId === dee.id || slot.interviewerId === dee.id)).toBe(true);

    await ann.client.giveExtraTurn(ben.id);
    const withExtra = (await server().app.rooms.getRoom(roomId)).group;
    expect(withExtra?.upcoming.at(-1)?.candidateId).toBe(ben.id);
    expect(withExtra?.upcoming).toHaveLength(4);

    await ann.client.transferHost(cat.id);
    expect(await ann.client.request("group:next", {})).toMatchObject({ ok: false, error: { code: ErrorCode.Forbidden } });
    await dee.client.leave();
    const afterLeave = (await server().app.rooms.getRoom(roomId)).group;
    expect(afterLeave?.upcoming.every((slot) => slot.candidateId !== dee.id && slot.interviewerId !== dee.id)).toBe(true);
    expect(afterLeave?.upcoming).toHaveLength(4);
    await cat.client.leave();
    expect((await server().app.rooms.getRoom(roomId)).group?.hostId).toBe(ann.id);
  });

  it("refuses a ninth member, a fixed role in a group, and group commands in a pair room", async () => {
    const roomId = await createGroup(server().url);
    for (let i = 0; i < 8; i++) await member(roomId, `M${i}`);
    const ninth = await connect();
    expect(await ninth.request("room:join", { roomId, name: "Nine", role: "observer" })).toMatchObject({ ok: false, error: { code: ErrorCode.RoomFull } });

    const other = await createGroup(server().url);
    expect(await ninth.request("room:join", { roomId: other, name: "Ivy", role: "interviewer" })).toMatchObject({
      ok: false,
      error: { code: ErrorCode.Forbidden },
    });
    const before = await server().app.rooms.getRoom(roomId);
    expect(before.participants).toHaveLength(8);

    const pairRoom = (await (
      await fetch(`${server().url}/api/rooms`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ trackId: "amazon-tpm", stageId: "drill" }) })
    ).json()) as { roomId: string };
    await ninth.join({ roomId: pairRoom.roomId, name: "Ivy", role: "interviewer" });
    expect(await ninth.request("group:plan", { rounds: 2 })).toMatchObject({ ok: false, error: { code: ErrorCode.BadRequest } });
  });

  it("never gets stuck when the round's interviewer leaves: the host abandons the round, or hands the seat on", async () => {
    const roomId = await createGroup(server().url);
    const [ann, ben, cat, dee] = [await member(roomId, "Ann"), await member(roomId, "Ben"), await member(roomId, "Cat"), await member(roomId, "Dee")];
    const byId = new Map([ann, ben, cat, dee].map((m) => [m.id, m]));
    await ann.client.planGroup(4);
    await ann.client.startNextGroupRound();
    const roleHolder = async (role: string) => {
      const holder = (await server().app.rooms.getRoom(roomId)).participants.find((p) => p.role === role);
      return holder ? byId.get(holder.id) : undefined;
    };

    // The round's interviewer walks out (if it is the host, the host role moves on first).
    const firstInterviewer = await roleHolder("interviewer");
    await firstInterviewer?.client.leave();
    const host = byId.get((await server().app.rooms.getRoom(roomId)).group?.hostId ?? "");
    if (!host) throw new Error("the group has no host");
    expect(await host.client.request("group:next", {})).toMatchObject({ ok: false, error: { code: ErrorCode.ScorecardNotSubmitted } });
    const candidate = await roleHolder("candidate");
    const stranded = (await server().app.rooms.getRoom(roomId)).round;

    // Hand the seat to someone present: the round goes on, with a scorecard.
    const present = [ann, ben, cat, dee].find((m) => m !== firstInterviewer && m !== candidate && m !== undefined);
    if (!present) throw new Error("nobody to take the seat");
    expect(await host.client.request("group:interviewer", { participantId: candidate!.id })).toMatchObject({ ok: false, error: { code: ErrorCode.BadRequest } });
    await host.client.giveInterviewerSeat(present.id);
    expect((await roleHolder("interviewer"))?.id).toBe(present.id);
    await present.client.submitScorecard(scorecardSubmission({ recommendation: "inclined" }));
    await host.client.startNextGroupRound();
    expect((await server().app.rooms.getRoom(roomId)).round).toBe(stranded + 1);

    // Or abandon a round outright: it is kept, without a scorecard, and the plan gains a round.
    const planned = (await server().app.rooms.getRoom(roomId)).group?.plannedRounds ?? 0;
    await host.client.abandonGroupRound();
    const after = await server().app.rooms.getRoom(roomId);
    expect(after.pastRounds.at(-1)).toMatchObject({ round: stranded + 1, scorecardSubmitted: false });
    expect(after.participants.every((p) => p.role === "observer")).toBe(true);
    expect(after.group?.plannedRounds).toBe(planned + 1);
    await host.client.startNextGroupRound();
    expect((await roleHolder("candidate"))).toBeDefined();
  });
});
