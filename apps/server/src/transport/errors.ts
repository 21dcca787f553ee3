import { ErrorCode, MockloopError, type ErrorBody } from "@mockloop/protocol";
import { z } from "zod";

/** Turns anything thrown by a handler into a wire error; unexpected errors are reported as INTERNAL. */
export function toErrorBody(error: unknown): { body: ErrorBody; expected: boolean } {
  if (error instanceof MockloopError) return { body: error.toBody(), expected: true };
  if (error instanceof z.ZodError) {
    return { body: { code: ErrorCode.BadRequest, message: z.prettifyError(error) }, expected: true };
  }
  return { body: { code: ErrorCode.Internal, message: "something went wrong on the server" }, expected: false };
}

const httpStatusByCode: Record<ErrorBody["code"], number> = {
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  ROOM_NOT_FOUND: 404,
  ROLE_TAKEN: 409,
  NOT_JOINED: 401,
  FORBIDDEN: 403,
  INVALID_TOKEN: 401,
  UNKNOWN_STAGE: 400,
  QUESTION_NOT_FOUND: 404,
  TIMER_CONFLICT: 409,
  SCORECARD_ALREADY_SUBMITTED: 409,
  SCORECARD_NOT_SUBMITTED: 404,
  DRAFT_CONFLICT: 409,
  NO_CANDIDATE: 409,
  RATE_LIMITED: 429,
  ROOM_FULL: 409,
  CONFLICT: 409,
  ROUND_OVER: 409,
  BOARD_FULL: 413,
  BOARD_TOO_LARGE: 413,
  ELEMENT_TOO_LARGE: 413,
  ELEMENT_NOT_ALLOWED: 422,
  STORE_UNAVAILABLE: 503,
  ROUND_LIMIT: 409,
  MESSAGE_TOO_LARGE: 413,
  // The typed client's own, for a request it got no answer to: the server never answers it.
  NO_ANSWER: 504,
  INTERNAL: 500,
};

export function httpStatusOf(code: ErrorBody["code"]): number {
  return httpStatusByCode[code];
}
