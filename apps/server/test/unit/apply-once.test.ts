import { loadQuestionBank } from "@mockloop/questions";
import { describe, expect, it } from "vitest";
import { AlreadyApplied, REQUESTS_REMEMBERED } from "../../src/core/room-store.ts";
import { roomSnapshot } from "../../src/features/room/index.ts";
import { embeddedServices } from "./services.ts";

const bank = loadQuestionBank();

describe("commands applied once per request id", () => {
  const roomWithPair = async () => {
    const services = embeddedServices(bank, () => 1_700_000_000_000);
    const room = await services.rooms.createRoom("amazon-tpm", "phone-interview");
    const interviewer = await services.rooms.join(room.id, { name: "Iris", role: "interviewer" }, "socket-i");
    const candidate = await services.rooms.join(room.id, { name: "Cam", role: "candidate" }, "socket-c");
    return { ...services, roomId: room.id, interviewerId: interviewer.participant.id, candidateId: candidate.participant.id };
  };

  it("applies a timer adjustment sent twice with one id once, and one sent again without an id twice", async () => {
    const { timers, rooms, roomId, interviewerId } = await roomWithPair();
    const lengthOfFirstSegment = async () => (await rooms.getRoom(roomId)).timer.segments[0]?.durationMs;
    const before = await lengthOfFirstSegment();
    await timers.adjust(roomId, interviewerId, 60_000, "adjust-once-1");
    await expect(timers.adjust(roomId, interviewerId, 60_000, "adjust-once-1")).rejects.toBeInstanceOf(AlreadyApplied);
    expect(await lengthOfFirstSegment()).toBe((before ?? 0) + 60_000);
    await timers.adjust(roomId, interviewerId, 60_000);
    await timers.adjust(roomId, interviewerId, 60_000);
    expect(await lengthOfFirstSegment()).toBe((before ?? 0) + 180_000);
  });

  it("keeps each participant's latest ids, and only for people still in the room", async () => {
    const { questions, rooms, roomId, interviewerId } = await roomWithPair();
    const ids = Array.from({ length: REQUESTS_REMEMBERED + 2 }, (_, index) => `push-request-${index}`);
    for (const id of ids) await questions.push(roomId, interviewerId, "tech-tcp-vs-udp", id);
    const room = await rooms.getRoom(roomId);
    expect(room.appliedRequests).toEqual({ [interviewerId]: ids.slice(-REQUESTS_REMEMBERED) });
    // The oldest were let go: sent again that late, a command would apply again (its connection came back long since).
    await questions.push(roomId, interviewerId, "tech-tcp-vs-udp", ids[0]);
    expect((await rooms.getRoom(roomId)).appliedRequests?.[interviewerId]).toEqual([...ids.slice(-REQUESTS_REMEMBERED + 1), ids[0]]);
    await rooms.leave(roomId, interviewerId);
    const next = await rooms.join(roomId, { name: "Ivo", role: "interviewer" }, "socket-j");
    await questions.push(roomId, next.participant.id, "tech-tcp-vs-udp", "push-request-next");
    expect((await rooms.getRoom(roomId)).appliedRequests).toEqual({ [next.participant.id]: ["push-request-next"] });
  });

  it("never shows the ids to anyone", async () => {
    const { questions, rooms, roomId, interviewerId } = await roomWithPair();
    await questions.push(roomId, interviewerId, "tech-tcp-vs-udp", "push-request-shown");
    const room = await rooms.getRoom(roomId);
    for (const view of ["interviewer", "attendee", "latecomer"] as const) {
      expect(JSON.stringify(roomSnapshot(bank, room, view, []))).not.toContain("push-request-shown");
    }
  });
});
