import { ErrorCode, emptyScorecardContent, type ScorecardContent } from "@mockloop/protocol";
import { loadQuestionBank } from "@mockloop/questions";
import { describe, expect, it } from "vitest";
import { scorecardSubmission, uniquePrefix } from "@mockloop/test-support";
import { useContractRedis } from "@mockloop/test-support/vitest";
import { roomKindsFor } from "../../src/app.ts";
import { ObserverNotesService } from "../../src/features/observer-notes/index.ts";
import { QuestionService } from "../../src/features/questions/index.ts";
import { RoomService } from "../../src/features/room/index.ts";
import { ScorecardService } from "../../src/features/scorecards/index.ts";
import { timerDueAt } from "../../src/features/timer/index.ts";
import { MemoryPresenceStore } from "../../src/store/memory/presence-store.ts";
import { RedisRoomStore } from "../../src/store/redis/room-store.ts";

const bank = loadQuestionBank();
const content = (strengths: string): ScorecardContent => ({ ...emptyScorecardContent(), strengths });

const redis = useContractRedis();

/** One node's services on the shared Redis: each node's store remembers rooms as it last read or wrote them. */
function node(keyPrefix: string) {
  const store = new RedisRoomStore(redis.client(), { keyPrefix, roomTtlMs: 86_400_000, dueAt: timerDueAt });
  return {
    store,
    rooms: new RoomService({ store, presence: new MemoryPresenceStore(), bank, kinds: roomKindsFor({ PAIR_MAX_OBSERVERS: 6 }) }),
    questions: new QuestionService({ store, bank }),
    scorecards: new ScorecardService({ store, drafts: store, bank }),
    notes: new ObserverNotesService({ store, drafts: store }),
  };
}

describe("a draft saved from a node whose copy of the room is old (real Redis, two stores)", () => {
  async function roundAcross() {
    const keyPrefix = uniquePrefix("drafts");
    const [a, b] = [node(keyPrefix), node(keyPrefix)];
    const room = await a.rooms.createRoom("amazon-tpm", "phone-interview");
    const interviewer = (await a.rooms.join(room.id, { name: "Iris", role: "interviewer" }, "i")).participant.id;
    await a.rooms.join(room.id, { name: "Cam", role: "candidate" }, "c");
    const observer = (await a.rooms.join(room.id, { name: "Ola", role: "observer" }, "o")).participant.id;
    await a.questions.push(room.id, interviewer, "lp-most-complex-program");
    return { a, b, roomId: room.id, interviewer, observer };
  }

  it("is saved when the room changed elsewhere but its rules did not", async () => {
    const { a, b, roomId, interviewer, observer } = await roundAcross();
    expect(await a.scorecards.saveDraft(roomId, interviewer, content("first"), 0)).toMatchObject({ version: 1 });
    expect(await a.notes.save(roomId, observer, "first notes", 0)).toMatchObject({ version: 1 });
    // Another node moves the room on; node A's copy is now old.
    await b.questions.push(roomId, interviewer, "lp-direction-changed");
    expect(await a.scorecards.saveDraft(roomId, interviewer, content("second"), 1)).toMatchObject({ version: 2, content: { strengths: "second" } });
    expect(await a.notes.save(roomId, observer, "second notes", 1)).toMatchObject({ version: 2, notes: "second notes" });
  });

  it("is refused on the rules the room has now, not saved on the old copy's", async () => {
    const { a, b, roomId, interviewer } = await roundAcross();
    expect(await a.scorecards.saveDraft(roomId, interviewer, content("first"), 0)).toMatchObject({ version: 1 });
    // The scorecard is submitted through another node: node A still remembers the room with none.
    await b.scorecards.submit(roomId, interviewer, scorecardSubmission({ recommendation: "inclined", strengths: "submitted" }));
    await expect(a.scorecards.saveDraft(roomId, interviewer, content("after the submit"), 1)).rejects.toMatchObject({ code: ErrorCode.ScorecardAlreadySubmitted });
    expect(await b.store.getDraft(roomId, `scorecard:1:${interviewer}`)).toMatchObject({ version: 1, content: { strengths: "first" } });
  });
});
