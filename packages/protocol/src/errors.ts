import { z } from "zod";
import { safeRecord } from "./record.ts";

/** Every error a client can receive, on an ack or an HTTP response. */
export const ErrorCode = {
  /** The payload did not match the event's or route's schema. */
  BadRequest: "BAD_REQUEST",
  /** No such HTTP route. */
  NotFound: "NOT_FOUND",
  RoomNotFound: "ROOM_NOT_FOUND",
  /** The requested role (interviewer or candidate) is already held by someone else. */
  RoleTaken: "ROLE_TAKEN",
  /** The event needs a joined participant and this connection has not joined a room. */
  NotJoined: "NOT_JOINED",
  /** A joined participant asked for something their role may not do. */
  Forbidden: "FORBIDDEN",
  /** A reconnect token that does not belong to any participant of the room. */
  InvalidToken: "INVALID_TOKEN",
  UnknownStage: "UNKNOWN_STAGE",
  QuestionNotFound: "QUESTION_NOT_FOUND",
  /** A timer command that does not fit the timer's current state (e.g. pause while paused). */
  TimerConflict: "TIMER_CONFLICT",
  ScorecardAlreadySubmitted: "SCORECARD_ALREADY_SUBMITTED",
  ScorecardNotSubmitted: "SCORECARD_NOT_SUBMITTED",
  /** A draft save based on an older version than the stored one (two tabs); `details.latest` holds the stored draft. */
  DraftConflict: "DRAFT_CONFLICT",
  /** The round has no candidate to give a scorecard to. */
  NoCandidate: "NO_CANDIDATE",
  /** The room has no seat left for a newcomer (a full study group, or a pair with all its observer seats taken). */
  RoomFull: "ROOM_FULL",
  /** Too many requests of this kind from one connection, participant or address; `details` say how long to wait. */
  RateLimited: "RATE_LIMITED",
  /** A board change for a round that has ended: its board is kept with it, read-only. */
  RoundOver: "ROUND_OVER",
  /** A board change that would take the round's board past its most elements; `details.max`. Nothing was stored. */
  BoardFull: "BOARD_FULL",
  /** A board change that would take the scene past its most bytes; `details.max`. Nothing was stored. */
  BoardTooLarge: "BOARD_TOO_LARGE",
  /** One board element is larger than an element may be; `details.max`, `details.elementId`. Nothing was stored. */
  ElementTooLarge: "ELEMENT_TOO_LARGE",
  /** An element of a kind the board does not take (images, embedded pages); `details.type`. Nothing was stored. */
  ElementNotAllowed: "ELEMENT_NOT_ALLOWED",
  /** The store is busy with concurrent changes to the same room; retrying is safe. */
  Conflict: "CONFLICT",
  /**
   * The store (Redis) cannot be reached right now; retry shortly (`details.retryAfterMs`). A write may have
   * gone through with its answer lost: a command sent again with its request id is applied once.
   */
  StoreUnavailable: "STORE_UNAVAILABLE",
  /** The room has run as many rounds as a room may hold; start a new room to go on. */
  RoundLimit: "ROUND_LIMIT",
  /**
   * The request is larger than one message may be (`MAX_MESSAGE_BYTES`); `details.bytes` and `details.max`. The
   * typed client answers it without sending: the server would close a connection that sent it.
   */
  MessageTooLarge: "MESSAGE_TOO_LARGE",
  /**
   * No answer came: the connection dropped while the request was out, or the server did not answer within the
   * client's wait. The typed client gives it, never the server. A request that went out may have been carried
   * out: the room's state (whole again after a rejoin) tells, so look before sending it again.
   */
  NoAnswer: "NO_ANSWER",
  Internal: "INTERNAL",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const errorCodeSchema = z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]);

export const errorBodySchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  /** Extra data some codes carry (see each code); parse it with that code's schema. */
  details: safeRecord(z.string(), z.unknown()).optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

export const errorResponseSchema = z.object({ ok: z.literal(false), error: errorBodySchema });

/** The `details` of RATE_LIMITED: how long until the same request would be let through, and which limit refused it. */
export const rateLimitedDetailsSchema = z.object({
  retryAfterMs: z.number().int().nonnegative(),
  /** What was counted: this connection, this participant (all their tabs, on every node), or this address. */
  scope: z.enum(["connection", "participant", "address"]),
  /** The class of events or requests that was limited, e.g. "clock-sync", "connections", "room-creation". */
  limit: z.string(),
});
export type RateLimitedDetails = z.infer<typeof rateLimitedDetailsSchema>;

/** How long to wait before trying again: what the server asked for (`details.retryAfterMs`), else `fallbackMs`. */
export function retryDelayMs(error: ErrorBody, fallbackMs: number): number {
  const asked = error.details?.retryAfterMs;
  return typeof asked === "number" && Number.isFinite(asked) && asked >= 0 ? Math.max(asked, 50) : fallbackMs;
}

/** The shape of every ack: success with data, or a typed error. */
export function ackSchema<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion("ok", [z.object({ ok: z.literal(true), data }), errorResponseSchema]);
}
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

/** An error the domain raises on purpose, carrying a wire code. */
export class MockloopError extends Error {
  override readonly name = "MockloopError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(message, options);
    this.details = options?.details;
  }

  readonly details: Record<string, unknown> | undefined;

  toBody(): ErrorBody {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}
