import { emptyScorecardContent } from "@mockloop/protocol";
import { loadQuestionBank } from "@mockloop/questions";
import { describe, expect, it } from "vitest";
import type { RoomRecord } from "../../src/core/room-record.ts";
import type { RoomUpdate } from "../../src/core/room-store.ts";
import { roomPatch, type ViewClass } from "../../src/features/room/index.ts";
import { roomFields } from "../../src/features/room/views.ts";
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
});
