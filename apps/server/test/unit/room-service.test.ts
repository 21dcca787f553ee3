import { ErrorCode } from "@mockloop/protocol";
import { loadQuestionBank } from "@mockloop/questions";
import { beforeEach, describe, expect, it } from "vitest";
import type { QuestionService } from "../../src/features/questions/index.ts";
import { roomSnapshot, roomSummary, type RoomService } from "../../src/features/room/index.ts";
import type { TimerService } from "../../src/features/timer/index.ts";
import { embeddedServices } from "./services.ts";

const bank = loadQuestionBank();

describe("RoomService (domain rules, embedded store, controlled clock)", () => {
  let clock: number;
  let rooms: RoomService;
  let questions: QuestionService;
  let timers: TimerService;
  beforeEach(() => {
    clock = 1_700_000_000_000;
    ({ rooms, questions, timers } = embeddedServices(bank, () => clock));
  });

  const roomWithPair = async () => {
    const room = await rooms.createRoom("amazon-tpm", "phone-interview");
    const interviewer = await rooms.join(room.id, { name: "Iris", role: "interviewer" }, "socket-i");
    const candidate = await rooms.join(room.id, { name: "Cam", role: "candidate" }, "socket-c");
    return { room, interviewer, candidate };
  };

  it("creates rooms with distinct 128-bit ids and a timer as long as the stage", async () => {
    const a = await rooms.createRoom("amazon-tpm", "recruiter-screen");
    const b = await rooms.createRoom("amazon-tpm", "recruiter-screen");
    expect(a.id).not.toBe(b.id);
    expect(Buffer.from(a.id, "base64url")).toHaveLength(16);
    expect(a.timer).toMatchObject({ status: "idle", segmentIndex: 0 });
    expect(a.timer.segments.map((segment) => [segment.name, segment.durationMs])).toEqual([
      ["Background and motivation", 15 * 60_000],
      ["Teams and management", 15 * 60_000],
    ]);
    await expect(rooms.createRoom("amazon-tpm", "no-such-stage")).rejects.toMatchObject({ code: ErrorCode.UnknownStage });
    await expect(rooms.createRoom("no-such-track", "phone-interview")).rejects.toMatchObject({ code: ErrorCode.UnknownStage });
  });

  it("stores only a hash of the participant token, and the token brings back the same participant", async () => {
    const { room, candidate } = await roomWithPair();
    const stored = await rooms.getRoom(room.id);
    expect(JSON.stringify(stored)).not.toContain(candidate.token);
    const again = await rooms.join(room.id, { token: candidate.token }, "socket-c2");
    expect(again).toMatchObject({ resumed: true, cameOnline: false, participant: { id: candidate.participant.id, role: "candidate" } });
    expect(await rooms.online(room.id)).toContain(candidate.participant.id);
  });

  it("answers a first join sent again with the token its client chose with the seat it took, and writes nothing", async () => {
    const room = await rooms.createRoom("amazon-tpm", "phone-interview");
    const token = "c".repeat(43);
    const first = await rooms.join(room.id, { name: "Cam", role: "candidate", token }, "socket-1");
    expect(first.token).toBe(token);
    const again = await rooms.join(room.id, { name: "Cam", role: "candidate", token }, "socket-2");
    expect(again).toMatchObject({ token, resumed: false, participant: { id: first.participant.id }, update: { changed: false } });
    expect(again.room.version).toBe(first.room.version);
    expect((await rooms.getRoom(room.id)).participants.map((participant) => participant.id)).toEqual([first.participant.id]);
    // Without that token, the seat is someone else's.
    await expect(rooms.join(room.id, { name: "Cam", role: "candidate" }, "socket-3")).rejects.toMatchObject({ code: ErrorCode.RoleTaken });
  });

  it("tracks presence per connection: offline only when the last one goes", async () => {
    const { room, candidate } = await roomWithPair();
    await rooms.join(room.id, { token: candidate.token }, "socket-c2");
    expect(await rooms.disconnect(room.id, "socket-c")).toEqual({ participantId: candidate.participant.id, wentOffline: false });
    expect(await rooms.disconnect(room.id, "socket-c2")).toEqual({ participantId: candidate.participant.id, wentOffline: true });
    expect(await rooms.disconnect(room.id, "socket-c2")).toBeUndefined();
    expect(await rooms.online(room.id)).not.toContain(candidate.participant.id);
    const back = await rooms.join(room.id, { token: candidate.token }, "socket-c3");
    expect(back.cameOnline).toBe(true);
  });

  it("allows one interviewer and one candidate, and observers up to the pair's cap", async () => {
    const { room } = await roomWithPair();
    await expect(rooms.join(room.id, { name: "Ivy", role: "interviewer" }, "s")).rejects.toMatchObject({ code: ErrorCode.RoleTaken });
    await expect(rooms.join(room.id, { name: "Cy", role: "candidate" }, "s")).rejects.toMatchObject({ code: ErrorCode.RoleTaken });
    await rooms.join(room.id, { name: "Ola", role: "observer" }, "s1");
    await rooms.join(room.id, { name: "Oz", role: "observer" }, "s2");
    const seated = await rooms.getRoom(room.id);
    expect(roomSummary(bank, seated, rooms.openRoles(seated)).openRoles).toEqual(["observer"]);
    for (let i = 3; i <= 6; i++) await rooms.join(room.id, { name: `Obs ${i}`, role: "observer" }, `s${i}`);
    await expect(rooms.join(room.id, { name: "One too many", role: "observer" }, "s7")).rejects.toMatchObject({ code: ErrorCode.RoomFull });
    const full = await rooms.getRoom(room.id);
    expect(roomSummary(bank, full, rooms.openRoles(full))).toEqual({ roomId: room.id, kind: "pair", stage: expect.any(Object), openRoles: [] });
  });

  it("lets only the interviewer push questions, run the timer and write the scorecard", async () => {
    const { room, candidate } = await roomWithPair();
    const id = candidate.participant.id;
    for (const attempt of [
      () => questions.push(room.id, id, "tech-tcp-vs-udp"),
      () => timers.start(room.id, id),
      () => questions.list(room.id, id),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: ErrorCode.Forbidden });
    }
    await expect(timers.start(room.id, "someone-else")).rejects.toMatchObject({ code: ErrorCode.NotJoined });
  });

  it("runs the timer on the store's clock", async () => {
    const { room, interviewer } = await roomWithPair();
    const { room: started } = await timers.start(room.id, interviewer.participant.id);
    expect(started.timer.deadline).toBe(clock + 20 * 60_000);
    clock += 90_000;
    const { room: paused } = await timers.pause(room.id, interviewer.participant.id);
    expect(paused.timer.remainingMs).toBe(20 * 60_000 - 90_000);
  });

  it("applies a due segment end before acting on a timer command, and exactly once", async () => {
    const { room, interviewer } = await roomWithPair();
    const id = interviewer.participant.id;
    await timers.start(room.id, id);
    clock += 20 * 60_000 + 1_000;
    // A pause right after the first segment's end pauses the second segment, with its time already running.
    const { room: paused, events } = await timers.pause(room.id, id);
    expect(paused.timer).toMatchObject({ status: "paused", segmentIndex: 1, remainingMs: 20 * 60_000 - 1_000 });
    // The end the pause applied on its way still reaches the room, with the change.
    expect(events).toEqual([{ event: "timer:segment-ended", payload: expect.objectContaining({ segmentId: "management", roundOver: false }) }]);
    expect((await timers.expire(room.id))?.ended).toEqual([]);
    await timers.start(room.id, id);
    clock += 20 * 60_000;
    const first = await timers.expire(room.id);
    expect(first?.ended.map((segment) => segment.id)).toEqual(["technical"]);
    expect((await timers.expire(room.id))?.ended).toEqual([]);
    expect(await timers.expire("gone")).toBeUndefined();
  });

  it("keeps the asked questions in order, once each, and shows the candidate prompts only", async () => {
    const { room, interviewer } = await roomWithPair();
    const id = interviewer.participant.id;
    await questions.push(room.id, id, "tech-tcp-vs-udp");
    await questions.push(room.id, id, "lp-most-complex-program");
    const { room: after } = await questions.push(room.id, id, "tech-tcp-vs-udp");
    expect(after.askedQuestionIds).toEqual(["tech-tcp-vs-udp", "lp-most-complex-program"]);
    const candidateView = roomSnapshot(bank, after, "attendee", []);
    expect(candidateView.currentQuestion).toEqual({ id: "tech-tcp-vs-udp", prompt: bank.findQuestion("amazon-tpm", "tech-tcp-vs-udp")?.prompt });
    const interviewerView = roomSnapshot(bank, after, "interviewer", []);
    expect(interviewerView.view === "interviewer" && interviewerView.currentQuestion?.guidance).toBeTruthy();
  });

  it("suggests a next question for the timer's part of the round, never one already asked", async () => {
    const { room, interviewer } = await roomWithPair();
    const id = interviewer.participant.id;
    const suggestion = (state: ReturnType<typeof roomSnapshot>) => (state.view === "interviewer" ? state.suggestedQuestionId : undefined);
    const first = suggestion(roomSnapshot(bank, await rooms.getRoom(room.id), "interviewer", []));
    const management = bank.findStage("amazon-tpm", "phone-interview")?.segments[0]?.categories ?? [];
    expect(bank.findQuestion("amazon-tpm", first ?? "")?.categories.some((category) => management.includes(category))).toBe(true);

    const { room: afterPush } = await questions.push(room.id, id, first ?? "");
    const second = suggestion(roomSnapshot(bank, afterPush, "interviewer", []));
    expect(second).not.toBe(first);

    // In the technical part, the suggestion follows the timer.
    const technical = bank.findStage("amazon-tpm", "phone-interview")?.segments[1]?.categories ?? [];
    const { room: skipped } = await timers.skip(room.id, id);
    const third = suggestion(roomSnapshot(bank, skipped, "interviewer", []));
    expect(bank.findQuestion("amazon-tpm", third ?? "")?.categories.some((category) => technical.includes(category))).toBe(true);
    expect(roomSnapshot(bank, skipped, "attendee", [])).not.toHaveProperty("suggestedQuestionId");
  });
});
