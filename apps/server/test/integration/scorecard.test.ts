import { debriefSchema, emptyScorecardContent, scorecardContentSchema, scorecardListSchema, type ScorecardContent } from "@mockloop/protocol";
import { describe, expect, it } from "vitest";
import { twoNodes, useRedisNodes } from "@mockloop/test-support/vitest";
import { collectEvents, createRoom, nextState, waitFor } from "@mockloop/test-support";

const draftText = {
  strengths: "DRAFT-STRENGTHS: frames the program around the customer",
  evidence: "DRAFT-EVIDENCE: named the six teams and the one risk that mattered",
  notes: "DRAFT-NOTES: result came late",
};

describe("scorecard drafts and submission across nodes", () => {
  const cluster = useRedisNodes();
  const connect = cluster.connect;

  it("keeps a draft intact through a reconnect to another node, and the candidate's socket sees none of it before submission", async () => {
    const [nodeA, nodeB] = await twoNodes(cluster);
    const roomId = await createRoom(nodeA.url);

    const interviewer = await connect(nodeA);
    const candidate = await connect(nodeB);
    const candidateFrames: string[] = [];
    candidate.socket.io.engine.on("packet", (packet: { data?: unknown }) => {
      if (packet.data !== undefined) candidateFrames.push(String(packet.data));
    });
    const { token } = await interviewer.join({ roomId, name: "Iris", role: "interviewer" });
    const asCandidate = await candidate.join({ roomId, name: "Cam", role: "candidate" });
    await interviewer.pushQuestion("lp-most-complex-program");

    const draft: ScorecardContent = {
      ...emptyScorecardContent(),
      competencies: { communication: { rating: "inclined", evidence: draftText.evidence } },
      principles: { ownership: { rating: "strong-hire", evidence: "" } },
      questions: [{ questionId: "lp-most-complex-program", notes: draftText.notes, star: { situation: true, task: true, action: true, result: false } }],
      recommendation: "inclined",
      strengths: draftText.strengths,
      areasToWorkOn: "Lead with the result",
      nextPractice: "Practise a two-minute version of the same story",
    };
    let version = 0;
    // Autosave as typing goes on: several saves, each based on the last.
    for (const strengths of ["D", "DRAFT", draft.strengths]) {
      const ack = await interviewer.saveScorecardDraft({ ...draft, strengths }, version);
      if (!ack.ok) throw new Error(ack.error.message);
      version = ack.data.version;
    }
    expect(version).toBe(3);

    // The interviewer's connection drops; they come back through the other node with their token.
    interviewer.close();
    const back = await connect(nodeB);
    await back.join({ roomId, token });
    const restored = await back.getScorecardDraft();
    expect(restored).toMatchObject({ version: 3 });
    expect(scorecardContentSchema.parse(restored.content)).toEqual(draft);

    // A second tab that still holds version 2 is refused, with the latest draft to show.
    const stale = await back.saveScorecardDraft({ ...draft, strengths: "stale tab" }, 2);
    expect(stale).toMatchObject({ ok: false, error: { code: "DRAFT_CONFLICT", details: { latest: { version: 3 } } } });

    // Nothing of the draft reached the candidate.
    const beforeSubmit = candidateFrames.join("\n");
    for (const text of Object.values(draftText)) expect(beforeSubmit).not.toContain(text);
    expect(beforeSubmit).not.toContain("scorecard:draft");

    const submitted = nextState(candidate, (state) => state.scorecard !== null);
    const scorecard = await back.submitScorecard({ requestId: "submit-from-b", content: restored.content });
    expect(scorecard.strengths).toBe(draftText.strengths);
    // A retry (the ack was lost, say) through the other node answers the same scorecard and stores nothing new.
    const roomVersion = (await nodeA.app.rooms.getRoom(roomId)).version;
    const retryTab = await connect(nodeA);
    await retryTab.join({ roomId, token });
    expect(await retryTab.submitScorecard({ requestId: "submit-from-b", content: { ...restored.content, strengths: "changed" } })).toEqual(scorecard);
    // Neither the retry tab's join (presence lives apart from the room) nor the retried submit changed the room.
    expect((await nodeA.app.rooms.getRoom(roomId)).version).toBe(roomVersion);
    expect((await nodeA.app.rooms.getRoom(roomId)).scorecard?.content.strengths).toBe(draftText.strengths);
    expect((await submitted).scorecard?.competencies.find((c) => c.id === "communication")?.evidence).toBe(draftText.evidence);

    // The candidate reads it, and the debrief, over HTTP on node A.
    const headers = { authorization: `Bearer ${asCandidate.token}` };
    const list = scorecardListSchema.parse(await (await fetch(`${nodeA.url}/api/rooms/${roomId}/scorecards`, { headers })).json());
    expect(list.scorecards.map((s) => s.strengths)).toEqual([draftText.strengths]);
    const debrief = debriefSchema.parse(await (await fetch(`${nodeA.url}/api/rooms/${roomId}/debrief`, { headers })).json());
    expect(debrief.rounds[0]?.scorecard?.questions[0]?.notes).toBe(draftText.notes);
    const markdown = await (await fetch(`${nodeA.url}/api/rooms/${roomId}/debrief?format=markdown`, { headers })).text();
    expect(markdown).toContain("Recommendation: Inclined");
    expect(markdown).toContain("DRAFT-STRENGTHS: frames the program around the customer");
    const one = await fetch(`${nodeA.url}/api/rooms/${roomId}/scorecards/1?format=markdown`, { headers });
    expect(one.headers.get("content-type")).toMatch(/^text\/markdown/);
    expect(one.headers.get("content-disposition")).toContain("attachment");
    const asJson = await fetch(`${nodeA.url}/api/rooms/${roomId}/scorecards/1?format=json`, { headers });
    expect(asJson.headers.get("content-disposition")).toBe(`attachment; filename="scorecard-${roomId}-round-1.json"`);
    expect((await fetch(`${nodeA.url}/api/rooms/${roomId}/scorecards/1`, { headers })).headers.get("content-disposition")).toBeNull();
  });

  it("sends a saved draft to the interviewer's other tabs only", async () => {
    const {
      nodes: [server],
    } = await cluster.nodes(1);
    if (!server) throw new Error("a node expected");
    const roomId = await createRoom(server.url);
    const firstTab = await connect(server);
    const { token } = await firstTab.join({ roomId, name: "Iris", role: "interviewer" });
    const secondTab = await connect(server);
    await secondTab.join({ roomId, token });
    const candidate = await connect(server);
    await candidate.join({ roomId, name: "Cam", role: "candidate" });
    const seenBySecond = collectEvents(secondTab, "scorecard:draft");
    const seenByFirst = collectEvents(firstTab, "scorecard:draft");
    const seenByCandidate = collectEvents(candidate, "scorecard:draft");

    await firstTab.saveScorecardDraft({ ...emptyScorecardContent(), strengths: "from the first tab" }, 0);
    await waitFor(() => seenBySecond.length === 1, "the other tab to get the draft");
    expect(seenBySecond[0]).toMatchObject({ version: 1, content: { strengths: "from the first tab" } });
    // A round trip on each socket after the save: anything sent to them would have arrived by now.
    await Promise.all([firstTab.call("clock:sync", { clientSentAt: 0 }), candidate.call("clock:sync", { clientSentAt: 0 })]);
    expect(seenByFirst).toEqual([]);
    expect(seenByCandidate).toEqual([]);
  });

  it("sends an observer's saved notes to their other tabs only", async () => {
    const [server] = await twoNodes(cluster);
    const roomId = await createRoom(server.url);
    const firstTab = await connect(server);
    const { token } = await firstTab.join({ roomId, name: "Ola", role: "observer" });
    const secondTab = await connect(server);
    await secondTab.join({ roomId, token });
    const seen = collectEvents(secondTab, "observer-notes:draft");
    const ack = await firstTab.saveObserverNotes("Calm under pressure", 0);
    expect(ack.ok).toBe(true);
    await waitFor(() => seen.length === 1, "the other tab to get the notes");
    expect(seen[0]).toMatchObject({ notes: "Calm under pressure", version: 1 });
  });
});
