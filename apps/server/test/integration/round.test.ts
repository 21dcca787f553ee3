import { ErrorCode, submittedScorecardSchema } from "@mockloop/protocol";
import type { RoomClient } from "@mockloop/protocol/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunningServer } from "../../src/index.ts";
import { connectClient, createRoom, nextEvent, nextState, startTestServer, scorecardSubmission } from "@mockloop/test-support";


const interviewerOnlyFields = ["followUps", "guidance", "strongSignals", "weakSignals", "suggestedMinutes", "difficulty", "suggestedQuestionId"];

describe("one mock round over real Socket.IO (embedded store)", () => {
  let server: RunningServer;
  const clients: RoomClient[] = [];
  const connect = async () => {
    const client = await connectClient(server.url);
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await server.close();
  });

  it("runs create → join → push → timer → scorecard, and the candidate never receives interviewer-only fields", async () => {
    const roomId = await createRoom(server.url);
    const interviewer = await connect();
    const candidate = await connect();

    // Record every frame the candidate's socket receives, acks included, from before it joins.
    const candidateFrames: string[] = [];
    candidate.socket.io.engine.on("packet", (packet: { data?: unknown }) => {
      if (packet.data !== undefined) candidateFrames.push(String(packet.data));
    });

    const asInterviewer = await interviewer.join({ roomId, name: "Iris", role: "interviewer" });
    expect(asInterviewer.state.view).toBe("interviewer");
    const candidateSeesInterviewer = candidate.join({ roomId, name: "Cam", role: "candidate" });
    const interviewerSeesCandidate = nextState(interviewer, (state) => state.participants.some((p) => p.name === "Cam"));
    const asCandidate = await candidateSeesInterviewer;
    expect(asCandidate.state.view).toBe("participant");
    expect((await interviewerSeesCandidate).participants.map((p) => [p.name, p.role, p.connected])).toEqual([
      ["Iris", "interviewer", true],
      ["Cam", "candidate", true],
    ]);

    const { questions } = await interviewer.listQuestions();
    const question = questions.find((q) => q.id === "tech-tcp-vs-udp");
    expect(question?.guidance.strongSignals.length).toBeGreaterThan(0);

    const candidateGetsPrompt = nextState(candidate, (state) => state.currentQuestion?.id === "tech-tcp-vs-udp");
    const interviewerGetsQuestion = nextState(interviewer, (state) => state.currentQuestion?.id === "tech-tcp-vs-udp");
    await interviewer.pushQuestion("tech-tcp-vs-udp");
    expect((await candidateGetsPrompt).currentQuestion).toEqual({ id: "tech-tcp-vs-udp", prompt: question?.prompt });
    const full = await interviewerGetsQuestion;
    expect(full.view === "interviewer" && full.currentQuestion?.followUps).toEqual(question?.followUps);

    const running = nextState(candidate, (state) => state.timer.status === "running");
    await interviewer.startTimer();
    const runningTimer = (await running).timer;
    expect(runningTimer.deadline).toBeGreaterThan(Date.now());
    expect(runningTimer.durationMs).toBe(60 * 60_000);

    const paused = nextState(candidate, (state) => state.timer.status === "paused");
    await interviewer.pauseTimer();
    const pausedTimer = (await paused).timer;
    expect(pausedTimer.deadline).toBeNull();
    // The phone interview's first segment (Management) is 20 minutes.
    expect(pausedTimer.segments[pausedTimer.segmentIndex]?.name).toBe("Management");
    expect(pausedTimer.remainingMs).toBeLessThanOrEqual(20 * 60_000);
    expect(pausedTimer.remainingMs).toBeGreaterThan(19 * 60_000);
    expect(pausedTimer.version).toBeGreaterThan(runningTimer.version);

    const scored = nextState(candidate, (state) => state.scorecard !== null);
    await interviewer.submitScorecard(scorecardSubmission({ recommendation: "inclined", strengths: "Clear on trade-offs; tie answers to the customer." }));
    const scorecard = (await scored).scorecard;
    expect(scorecard).toMatchObject({
      recommendation: "inclined",
      strengths: "Clear on trade-offs; tie answers to the customer.",
      interviewer: { name: "Iris" },
      candidate: { name: "Cam" },
      questions: [{ id: "tech-tcp-vs-udp", prompt: question?.prompt, notes: "" }],
    });

    // The candidate can read it over HTTP with their token, too.
    const response = await fetch(`${server.url}/api/rooms/${roomId}/scorecards/1`, {
      headers: { authorization: `Bearer ${asCandidate.token}` },
    });
    expect(response.status).toBe(200);
    expect(submittedScorecardSchema.parse(await response.json()).strengths).toBe(scorecard?.strengths);

    // The wire check: the candidate received frames — its join's answer, then the patches of the push, the
    // timer's start and pause, and the scorecard — and none held an interviewer-only field or text.
    expect(candidateFrames.length).toBeGreaterThanOrEqual(5);
    const everything = candidateFrames.join("\n");
    for (const field of interviewerOnlyFields) expect(everything).not.toContain(`"${field}"`);
    for (const text of [...(question?.followUps ?? []), ...(question?.guidance.strongSignals ?? [])]) {
      expect(everything).not.toContain(JSON.stringify(text).slice(1, -1));
    }
    expect(everything).toContain(JSON.stringify(question?.prompt).slice(1, -1));
  });

  it("gives a reconnecting participant their identity back and tells the peer they reconnected", async () => {
    const roomId = await createRoom(server.url);
    const interviewer = await connect();
    await interviewer.join({ roomId, name: "Iris", role: "interviewer" });
    const firstTab = await connect();
    const first = await firstTab.join({ roomId, name: "Cam", role: "candidate" });

    const offline = nextEvent(interviewer, "room:activity", (activity) => activity.type === "disconnected");
    const offlineState = nextState(interviewer, (state) => state.participants.some((p) => p.id === first.participant.id && !p.connected));
    firstTab.close();
    expect((await offline).participant).toMatchObject({ id: first.participant.id, connected: false });
    await offlineState;

    const reconnected = nextEvent(interviewer, "room:activity", (activity) => activity.type === "reconnected");
    const secondTab = await connect();
    const again = await secondTab.join({ roomId, token: first.token });
    expect(again.resumed).toBe(true);
    expect(again.participant).toEqual({ ...first.participant, connected: true });
    expect((await reconnected).participant.id).toBe(first.participant.id);
    expect(again.state.participants.filter((p) => p.role === "candidate")).toHaveLength(1);
  });

  it("rejoins by itself after the connection drops, as the same participant", async () => {
    const roomId = await createRoom(server.url);
    const interviewer = await connect();
    await interviewer.join({ roomId, name: "Iris", role: "interviewer" });
    const candidate = await connect();
    const joined = await candidate.join({ roomId, name: "Cam", role: "candidate" });

    const back = nextEvent(interviewer, "room:activity", (a) => a.type === "reconnected" && a.participant.id === joined.participant.id);
    // Drop the transport underneath the client, as a network blip would.
    candidate.socket.io.engine.close();
    await back;
    const state = await server.app.rooms.getRoom(roomId);
    expect(state.participants.map((p) => p.id)).toEqual([expect.any(String), joined.participant.id]);
  });

  it("holds a request made while the connection is down until the rejoin has answered, rather than failing NOT_JOINED", async () => {
    const roomId = await createRoom(server.url);
    const interviewer = await connect();
    const { state } = await interviewer.join({ roomId, name: "Iris", role: "interviewer" });
    const questionId = state.view === "interviewer" ? state.suggestedQuestionId : null;
    expect(questionId).toEqual(expect.any(String));
    interviewer.socket.io.engine.close();
    // Sent at once, while the client is still reconnecting: socket.io would deliver it ahead of the rejoin.
    const pushed = await interviewer.request("question:push", { questionId: questionId as string });
    expect(pushed).toMatchObject({ ok: true, data: { patch: { view: "interviewer", changes: { currentQuestion: { id: questionId } } } } });
    expect((await server.app.rooms.getRoom(roomId)).currentQuestionId).toBe(questionId);
  });

  it("keeps one interviewer and one candidate per round, and lets observers in", async () => {
    const roomId = await createRoom(server.url);
    const first = await connect();
    await first.join({ roomId, name: "Iris", role: "interviewer" });
    const second = await connect();
    const taken = await second.request("room:join", { roomId, name: "Ivy", role: "interviewer" });
    expect(taken).toMatchObject({ ok: false, error: { code: ErrorCode.RoleTaken } });
    const observer = await second.join({ roomId, name: "Ola", role: "observer" });
    expect(observer.state.view).toBe("participant");
    const forbidden = await second.request("question:push", { questionId: "tech-tcp-vs-udp" });
    expect(forbidden).toMatchObject({ ok: false, error: { code: ErrorCode.Forbidden } });
  });

  it("frees a role when its holder leaves", async () => {
    const roomId = await createRoom(server.url);
    const interviewer = await connect();
    await interviewer.join({ roomId, name: "Iris", role: "interviewer" });
    const candidate = await connect();
    const first = await candidate.join({ roomId, name: "Cam", role: "candidate" });
    const left = nextEvent(interviewer, "room:activity", (a) => a.type === "left");
    await candidate.leave();
    expect((await left).participant.id).toBe(first.participant.id);
    const rejoinWithOldToken = await candidate.request("room:join", { roomId, token: first.token });
    expect(rejoinWithOldToken).toMatchObject({ ok: false, error: { code: ErrorCode.InvalidToken } });
    const newcomer = await connect();
    const { state } = await newcomer.join({ roomId, name: "Dee", role: "candidate" });
    expect(state.participants.map((p) => p.name)).toEqual(["Iris", "Dee"]);
  });
});
