import { emptyScorecardContent } from "@mockloop/protocol";
import { loadQuestionBank } from "@mockloop/questions";
import { describe, expect, it } from "vitest";
import type { RoomRecord } from "../../src/core/room-record.ts";
import type { RoomUpdate } from "../../src/core/room-store.ts";
import { roomPatch, type ViewClass } from "../../src/features/room/index.ts";
import { roomFields } from "../../src/features/room/views.ts";
import { suggestedQuestion } from "../../src/features/questions/index.ts";
import { roundRubric } from "../../src/features/scorecards/index.ts";
import { embeddedServices } from "./services.ts";

const bank = loadQuestionBank();
const classes: ViewClass[] = ["interviewer", "attendee", "latecomer"];

/** The patch by definition: every field whose whole value differs, compared as JSON. */
function naivePatch(before: RoomRecord, after: RoomRecord, viewClass: ViewClass): Record<string, unknown> {
  const old = roomFields(bank, before, viewClass) as Record<string, unknown>;
  const now = roomFields(bank, after, viewClass) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(now).filter(([field, value]) => JSON.stringify(value) !== JSON.stringify(old[field])));
}

describe("room patches", () => {
  it("carry exactly the fields whose value changed, for every class, through a round and a swap", async () => {
    let clock = 1_700_000_000_000;
    const { rooms, questions, timers, scorecards } = embeddedServices(bank, () => clock);
    const room = await rooms.createRoom("amazon-tpm", "phone-interview");
    const updates: RoomUpdate<unknown>[] = [];
    const keep = <T extends RoomUpdate<unknown> | undefined>(update: T) => {
      if (update) updates.push(update);
      return update;
    };
    const interviewer = (await rooms.join(room.id, { name: "Iris", role: "interviewer" }, "i")).participant;
    const candidate = (await rooms.join(room.id, { name: "Cam", role: "candidate" }, "c")).participant;
    keep((await rooms.join(room.id, { name: "Ola", role: "observer" }, "o")).update);
    const stageQuestions = bank.questionsForStage("amazon-tpm", "phone-interview");
    for (const question of stageQuestions.slice(0, 3)) keep(await questions.push(room.id, interviewer.id, question.id));
    // Pushing one already asked changes the question but neither the asked list nor the rubric.
    keep(await questions.push(room.id, interviewer.id, stageQuestions[0]?.id ?? ""));
    keep(await timers.start(room.id, interviewer.id));
    clock += 60_000;
    keep(await timers.skip(room.id, interviewer.id));
    keep(await timers.adjust(room.id, interviewer.id, -30_000));
    keep((await scorecards.submit(room.id, interviewer.id, { requestId: "request-1", content: { ...emptyScorecardContent(), recommendation: "inclined" } })).update);
    keep(await rooms.swapRoles(room.id, candidate.id));
    keep(await questions.push(room.id, candidate.id, stageQuestions[5]?.id ?? ""));

    expect(updates.length).toBeGreaterThanOrEqual(10);
    for (const { before, room: after } of updates) {
      for (const viewClass of classes) {
        expect(roomPatch(bank, before, after, viewClass).changes, `${viewClass} at version ${after.version}`).toEqual(naivePatch(before, after, viewClass));
      }
    }
  });

  it("share the suggestion and the rubric between rooms at the same point, each still the room's own", async () => {
    let clock = 1_700_000_000_000;
    const { rooms, questions, timers } = embeddedServices(bank, () => clock);
    const stageQuestions = bank.questionsForStage("amazon-tpm", "phone-interview");
    const records: RoomRecord[] = [];
    // Two rooms run alike, then apart; the second runs its timer to the end, where nothing more is suggested.
    const twoRooms = await Promise.all(
      [0, 1].map(async () => {
        const room = await rooms.createRoom("amazon-tpm", "phone-interview");
        const interviewer = (await rooms.join(room.id, { name: "Iris", role: "interviewer" }, "i")).participant;
        return { roomId: room.id, interviewerId: interviewer.id };
      }),
    );
    for (const [index, question] of stageQuestions.slice(0, 2).entries()) {
      for (const { roomId, interviewerId } of twoRooms) records.push((await questions.push(roomId, interviewerId, question.id)).room);
      expect(records.length).toBe(2 * (index + 1));
    }
    const [first, second] = twoRooms as [(typeof twoRooms)[0], (typeof twoRooms)[0]];
    records.push((await questions.push(first.roomId, first.interviewerId, stageQuestions[4]?.id ?? "")).room);
    records.push((await timers.start(second.roomId, second.interviewerId)).room);
    for (let segment = 0; segment < 3; segment++) {
      clock += 1_000;
      records.push((await timers.skip(second.roomId, second.interviewerId)).room);
    }
    expect(records.at(-1)?.timer.status).toBe("finished");

    for (const record of records) {
      const fields = roomFields(bank, record, "interviewer");
      expect(fields.suggestedQuestionId, `suggestion at version ${record.version}`).toBe(suggestedQuestion(bank, record)?.id ?? null);
      const { competencies, principles } = roundRubric(bank, record);
      expect(fields.rubric, `rubric at version ${record.version}`).toEqual({ competencies, principles });
    }
    expect(records.at(-1) && roomFields(bank, records.at(-1) as RoomRecord, "interviewer").suggestedQuestionId).toBeNull();
    // The rooms after the same pushes share one rubric; a room's next push gets one of its own.
    const rubricOf = (record: RoomRecord | undefined) => roomFields(bank, record as RoomRecord, "interviewer").rubric;
    expect(rubricOf(records[2])).toBe(rubricOf(records[3]));
    expect(rubricOf(records[4])).not.toBe(rubricOf(records[3]));
    expect(Object.isFrozen(rubricOf(records[4]).principles)).toBe(true);
  });
});
