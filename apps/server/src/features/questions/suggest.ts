import { suggestNextQuestion, type Question, type QuestionBank } from "@mockloop/questions";
import { questionsAskedInRoom, type RoomRecord } from "../../core/room-record.ts";

/** The next question to suggest: for the timer's part of the round, or the next part that asks questions. */
export function suggestedQuestion(bank: QuestionBank, room: RoomRecord): Question | undefined {
  const stage = bank.findStage(room.trackId, room.stageId);
  if (!stage || room.timer.status === "finished") return undefined;
  const currentId = room.timer.segments[room.timer.segmentIndex]?.id;
  const from = Math.max(0, stage.segments.findIndex((segment) => segment.id === currentId));
  for (const segment of stage.segments.slice(from)) {
    if (segment.categories.length === 0) continue;
    const question = suggestNextQuestion(bank, room.trackId, room.stageId, segment.id, questionsAskedInRoom(room));
    if (question) return question;
  }
  return undefined;
}
