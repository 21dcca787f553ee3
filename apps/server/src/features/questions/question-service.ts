import { ErrorCode, MockloopError } from "@mockloop/protocol";
import type { Question, QuestionBank } from "@mockloop/questions";
import { requireRole } from "../../core/room-record.ts";
import { readExistingRoom, updateExistingRoom, type RoomStore, type RoomUpdate } from "../../core/room-store.ts";

/** The interviewer's questions: the whole list for the stage, and pushing one to the room. */
export class QuestionService {
  constructor(private readonly deps: { store: RoomStore; bank: QuestionBank }) {}

  async list(roomId: string, participantId: string): Promise<readonly Question[]> {
    const room = await readExistingRoom(this.deps.store, roomId);
    requireRole(room, participantId, "interviewer", "see the interviewer's questions");
    return this.deps.bank.questionsForStage(room.trackId, room.stageId);
  }

  push(roomId: string, participantId: string, questionId: string, requestId?: string): Promise<RoomUpdate<undefined>> {
    return updateExistingRoom(this.deps.store, roomId, (room) => {
      requireRole(room, participantId, "interviewer", "push questions");
      if (!this.deps.bank.findQuestion(room.trackId, questionId)) {
        throw new MockloopError(ErrorCode.QuestionNotFound, `no question "${questionId}" in this track`);
      }
      room.currentQuestionId = questionId;
      if (!room.askedQuestionIds.includes(questionId)) room.askedQuestionIds.push(questionId);
      return { room, result: undefined };
    }, { participantId, requestId });
  }
}
