import { ErrorCode, MockloopError, drawableElementTypes, mayDrawOnBoard, type BoardElement, type BoardLimits } from "@mockloop/protocol";
import { requireParticipant, type ParticipantRecord, type RoomRecord } from "../../core/room-record.ts";
import { elementBytes } from "./merge-rules.ts";

/** Throws FORBIDDEN unless the participant may draw now: candidate and interviewer, observers only when the host allowed it. */
export function requireDrawer(room: RoomRecord, participantId: string, observersMayDraw: boolean): ParticipantRecord {
  const participant = requireParticipant(room, participantId);
  if (!mayDrawOnBoard(participant.role, room.kind, observersMayDraw)) {
    const why = room.kind === "group" ? "unless the host lets observers draw" : "in a pair's room";
    throw new MockloopError(ErrorCode.Forbidden, `observers watch the board ${why}; the candidate and the interviewer draw`);
  }
  return participant;
}

/** Changes go to the board of the round being run; earlier boards are kept as they were when their round ended. */
export function requireCurrentRound(room: RoomRecord, round: number): void {
  if (round < room.round) throw new MockloopError(ErrorCode.RoundOver, `round ${round} has ended; its board is kept as it was`);
  if (round > room.round) throw new MockloopError(ErrorCode.BadRequest, `round ${round} has not started; this is round ${room.round}`);
}

/** What one element may be: a drawing or text (no images or embedded pages), no larger than the bound. */
export function checkElements(elements: readonly BoardElement[], limits: BoardLimits): void {
  for (const element of elements) {
    if (!drawableElementTypes.includes(element.type)) {
      throw new MockloopError(ErrorCode.ElementNotAllowed, `the board takes drawings and text, not ${element.type} elements`, {
        details: { type: element.type, elementId: element.id },
      });
    }
    const bytes = elementBytes(JSON.stringify(element));
    if (bytes > limits.maxElementBytes) {
      throw new MockloopError(ErrorCode.ElementTooLarge, `an element may be at most ${limits.maxElementBytes} bytes; this one is ${bytes}`, {
        details: { max: limits.maxElementBytes, elementId: element.id },
      });
    }
  }
}

/** The typed error for a change that would cross a scene bound. */
export function boundCrossed(bound: "elements" | "bytes", limits: BoardLimits): MockloopError {
  return bound === "elements"
    ? new MockloopError(ErrorCode.BoardFull, `a board holds at most ${limits.maxElements} elements, deleted ones included`, {
        details: { max: limits.maxElements },
      })
    : new MockloopError(ErrorCode.BoardTooLarge, `a board may be at most ${limits.maxSceneBytes} bytes`, { details: { max: limits.maxSceneBytes } });
}
