import type { ErrorBody } from "@mockloop/protocol";

const READ_ERRORS: Partial<Record<ErrorBody["code"], string>> = {
  ROOM_NOT_FOUND: "This room does not exist or has expired.",
  FORBIDDEN: "Only the people in this session can read its scorecards.",
  INVALID_TOKEN: "This browser is no longer part of the session, so it cannot open its scorecards.",
};

/** What to tell someone whose read of the scorecards or the debrief failed. */
export function readErrorMessage(error: ErrorBody): string {
  return READ_ERRORS[error.code] ?? error.message;
}
