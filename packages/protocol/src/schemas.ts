import { z } from "zod";
import { questionSchema, scaleLevelSchema, segmentSchema, slugSchema } from "@mockloop/questions/model";
import { requestIdSchema } from "./request-id.ts";
import { rubricSchema, sharedObserverNotesSchema, submittedScorecardSchema } from "./scorecard.ts";

/** Room ids carry at least 64 bits of randomness; we issue 128 bits as base64url. */
export const roomIdSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, "not a room id");
export const participantIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "not a participant id");
/** The secret a participant presents to come back as themselves. Only its hash is stored. */
export const participantTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{32,128}$/, "not a participant token");

export const roleSchema = z.enum(["interviewer", "candidate", "observer"]);
/** "pair": two people who can swap roles; "group": 3–8 members who rotate by plan. */
export const roomKindSchema = z.enum(["pair", "group"]);
export type Role = z.infer<typeof roleSchema>;

/**
 * Characters a name must not hide in: controls (Cc), invisible formatting such as zero-width spaces and
 * right-to-left overrides that reorder what others read (Cf), line and paragraph separators (Zl, Zp), and
 * lone surrogates, which no text encoding can carry (Cs).
 */
const invisibleOrControl = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;
/**
 * The invisible characters emoji are made of, where they can only build an emoji: a zero-width joiner between
 * two pictographs (after an optional presentation selector or skin tone), as in 👩‍💻 or 🏳️‍🌈; and the tags of a
 * subdivision flag (🏴 and tag letters up to the cancel tag), as in the flag of Scotland. Names keep these.
 */
const emojiJoinsAndTags = /(?<=\p{Extended_Pictographic}(?:\u{FE0F}|[\u{1F3FB}-\u{1F3FF}])?)\u{200D}(?=\p{Extended_Pictographic})|\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F}/gu;

/** A display name others see; the room and the partner queue share it. Trimmed first, so pasted spaces or a newline at the ends are fine. */
export const displayNameSchema = z
  .string()
  .trim()
  .min(1, "a display name is required")
  .max(60, "a display name is at most 60 characters")
  .refine((name) => !invisibleOrControl.test(name.replace(emojiJoinsAndTags, "")), "a display name cannot contain control or invisible characters (such as zero-width spaces or direction marks)");

export const participantViewSchema = z.object({
  id: participantIdSchema,
  name: z.string(),
  role: roleSchema,
  connected: z.boolean(),
});
export type ParticipantView = z.infer<typeof participantViewSchema>;

/** What a candidate or observer sees of a question: the prompt and nothing else. */
export const promptViewSchema = z.strictObject({
  id: slugSchema,
  prompt: z.string(),
});
export type PromptView = z.infer<typeof promptViewSchema>;

export const timerSegmentViewSchema = z.object({ id: slugSchema, name: z.string(), durationMs: z.number().int().nonnegative() });
export type TimerSegmentView = z.infer<typeof timerSegmentViewSchema>;

/**
 * The round timer as the server holds it: a plan of named segments, run one after another. Running: `deadline`
 * is the server-clock time (ms since the epoch) when the current segment ends. Otherwise `remainingMs` is what
 * is left of it. Clients render `deadline - (Date.now() + clockOffset)` and never count on their own.
 */
export const timerViewSchema = z.object({
  status: z.enum(["idle", "running", "paused", "finished"]),
  segments: z.array(timerSegmentViewSchema).min(1),
  segmentIndex: z.number().int().nonnegative(),
  remainingMs: z.number().int().nonnegative(),
  deadline: z.number().int().nullable(),
  /** When a segment ends the next starts by itself; when false it waits, paused, for the interviewer. */
  autoAdvance: z.boolean(),
  /** The whole round's length, after adjustments. */
  durationMs: z.number().int().nonnegative(),
  /** Bumped on every transition; a client ignores a state older than the one it shows. */
  version: z.number().int().nonnegative(),
});
export type TimerView = z.infer<typeof timerViewSchema>;

export const segmentEndedSchema = z.object({
  roomId: roomIdSchema,
  segmentIndex: z.number().int().nonnegative(),
  segmentId: slugSchema,
  name: z.string(),
  /** The segment's deadline on the server clock. */
  endedAt: z.number().int(),
  /** The timer version after the end was applied. */
  version: z.number().int().nonnegative(),
  /** True when it was the round's last segment. */
  roundOver: z.boolean(),
});
export type SegmentEnded = z.infer<typeof segmentEndedSchema>;

export const stageInfoSchema = z.object({
  trackId: slugSchema,
  trackName: z.string(),
  stageId: slugSchema,
  stageName: z.string(),
  description: z.string(),
  segments: z.array(segmentSchema),
  /** The track's scale, weakest first: for the recommendation and every rating. */
  recommendationScale: z.array(scaleLevelSchema),
  /** What this stage's scorecard rates besides the leadership principles. */
  competencies: z.array(z.object({ id: slugSchema, name: z.string() })),
});
export type StageInfo = z.infer<typeof stageInfoSchema>;

/** A study group's host and its rotation board: the rounds still to come (past ones are in `pastRounds`). */
export const groupViewSchema = z.object({
  hostId: z.string().nullable(),
  plannedRounds: z.number().int().nonnegative(),
  upcoming: z.array(z.object({ round: z.number().int().positive(), candidateId: z.string(), interviewerId: z.string() })),
});
export type GroupView = z.infer<typeof groupViewSchema>;

/** A participant as the wire carries them; whether they are connected travels apart (`online`, `room:presence`). */
export const wireParticipantSchema = z.object({
  id: participantIdSchema,
  name: z.string(),
  role: roleSchema,
});
export type WireParticipant = z.infer<typeof wireParticipantSchema>;

export const pastRoundSummarySchema = z.object({
  round: z.number().int().positive(),
  interviewer: z.object({ id: z.string(), name: z.string() }).nullable(),
  candidate: z.object({ id: z.string(), name: z.string() }).nullable(),
  questionIds: z.array(slugSchema),
  scorecardSubmitted: z.boolean(),
});

/**
 * What changes as a round goes on, in the shape both views share. The stage never changes, so it is sent once,
 * with the join (`JoinResult.stage`), not with every change.
 */
const roomFields = {
  group: groupViewSchema.nullable(),
  participants: z.array(wireParticipantSchema),
  /** The round being run: 1, then 2 after a pair swaps roles, and so on. */
  round: z.number().int().positive(),
  /** Questions asked in this round. */
  askedQuestionIds: z.array(slugSchema),
  /** Earlier rounds of the room, oldest first; their scorecards are on the debrief. */
  pastRounds: z.array(pastRoundSummarySchema),
  timer: timerViewSchema,
  scorecard: submittedScorecardSchema.nullable(),
  /** Notes observers chose to share with the candidate this round, apart from the scorecard. */
  observerNotes: z.array(sharedObserverNotesSchema),
};

const interviewerFields = {
  ...roomFields,
  /** The current question whole, with follow-ups and guidance. */
  currentQuestion: questionSchema.nullable(),
  /**
   * The server's pick for the next question: it fits the timer's current part of the round (or the next part
   * that asks questions), was not asked yet, and favours leadership principles the round has not touched.
   */
  suggestedQuestionId: slugSchema.nullable(),
  /** What the scorecard rates besides the stage's competencies: the principles the asked questions target. */
  rubric: rubricSchema,
};

const participantFields = {
  ...roomFields,
  /** Candidates and observers see the prompt and nothing else. */
  currentQuestion: promptViewSchema.nullable(),
};

const snapshotHeader = {
  roomId: roomIdSchema,
  kind: roomKindSchema,
  /** Bumped on every change to the room; a patch applies on top of the version before it. */
  version: z.number().int().nonnegative(),
  /** Participants with at least one live connection. */
  online: z.array(participantIdSchema),
};

/** The whole room in one view, sent on join, on rejoin, on request (`room:sync`) and when the server resends it. */
export const interviewerSnapshotSchema = z.strictObject({ view: z.literal("interviewer"), ...snapshotHeader, ...interviewerFields });
export const participantSnapshotSchema = z.strictObject({ view: z.literal("participant"), ...snapshotHeader, ...participantFields });
export const roomSnapshotSchema = z.discriminatedUnion("view", [interviewerSnapshotSchema, participantSnapshotSchema]);
export type RoomSnapshot = z.infer<typeof roomSnapshotSchema>;

/**
 * One change to the room, in one view: the fields that changed, whole. It applies to the state at `version - 1`;
 * a client that holds an older state asks for a snapshot instead (`room:sync`). One patch per view is published
 * per change, whoever receives it.
 */
export const roomPatchSchema = z.discriminatedUnion("view", [
  z.strictObject({
    view: z.literal("interviewer"),
    roomId: roomIdSchema,
    version: z.number().int().positive(),
    changes: z.strictObject(interviewerFields).partial(),
  }),
  z.strictObject({
    view: z.literal("participant"),
    roomId: roomIdSchema,
    version: z.number().int().positive(),
    changes: z.strictObject(participantFields).partial(),
  }),
]);
export type RoomPatch = z.infer<typeof roomPatchSchema>;

/** Someone's first connection opened or their last one closed. Absolute, so it can arrive twice or late. */
export const roomPresenceSchema = z.object({ roomId: roomIdSchema, participantId: participantIdSchema, online: z.boolean() });
export type RoomPresence = z.infer<typeof roomPresenceSchema>;

/** The room as a client shows it: a snapshot with every patch and presence change applied, and the stage. */
const clientStateHeader = {
  roomId: roomIdSchema,
  kind: roomKindSchema,
  stage: stageInfoSchema,
  version: z.number().int().nonnegative(),
};
export const interviewerRoomStateSchema = z.object({
  view: z.literal("interviewer"),
  ...clientStateHeader,
  ...interviewerFields,
  participants: z.array(participantViewSchema),
});
export const participantRoomStateSchema = z.object({
  view: z.literal("participant"),
  ...clientStateHeader,
  ...participantFields,
  participants: z.array(participantViewSchema),
});
export const roomStateSchema = z.discriminatedUnion("view", [interviewerRoomStateSchema, participantRoomStateSchema]);
export type InterviewerRoomState = z.infer<typeof interviewerRoomStateSchema>;
export type ParticipantRoomState = z.infer<typeof participantRoomStateSchema>;
export type RoomState = z.infer<typeof roomStateSchema>;

export const activitySchema = z.object({
  type: z.enum(["joined", "reconnected", "disconnected", "left"]),
  participant: participantViewSchema,
  at: z.number().int(),
});
export type Activity = z.infer<typeof activitySchema>;

// ---- Socket payloads (client → server) and their results ----

export const joinAsNewPayloadSchema = z.strictObject({
  roomId: roomIdSchema,
  name: displayNameSchema,
  role: roleSchema,
  /**
   * The token the newcomer will come back with, chosen by the client (32 random bytes) instead of the server.
   * The join sent again with it, after its answer was lost, is answered with the seat it took, which is then
   * that token's, rather than being refused the role it holds itself. A server from before refuses the field.
   */
  token: participantTokenSchema.optional(),
});
export type JoinAsNewPayload = z.input<typeof joinAsNewPayloadSchema>;
export const rejoinPayloadSchema = z.strictObject({ roomId: roomIdSchema, token: participantTokenSchema });
export const joinPayloadSchema = z.union([joinAsNewPayloadSchema, rejoinPayloadSchema]);
export type JoinPayload = z.input<typeof joinPayloadSchema>;

export const joinResultSchema = z.object({
  participant: participantViewSchema,
  /** Keep it to come back as the same participant after a reload or a dropped connection. */
  token: participantTokenSchema,
  resumed: z.boolean(),
  /** The stage the room runs: its parts, scale and competencies. It never changes, so it comes once, here. */
  stage: stageInfoSchema,
  state: roomSnapshotSchema,
  /**
   * The server applies a command once per request id (`commandFields`): the client may send ids, and send a
   * command again after its answer was lost. Absent from a server from before, which refuses a payload with an id.
   */
  appliesCommandsOnce: z.boolean().optional(),
});
export type JoinResult = z.infer<typeof joinResultSchema>;

export const emptyPayloadSchema = z.strictObject({});
export const okResultSchema = z.object({});
/**
 * The answer to a command that changes the room: the change as the asking connection sees it, when it keeps its
 * view. That connection is sent no `room:patch` of its own change (its other tabs are); the typed client applies
 * this one as if it had come as one. Absent when the change replaced the asker's view (a snapshot follows) or
 * left the room as it was.
 */
export const roomCommandResultSchema = z.object({ patch: roomPatchSchema.optional() });
export type RoomCommandResult = z.infer<typeof roomCommandResultSchema>;

/**
 * What a client says of itself as it connects (Socket.IO's handshake `auth`); a server ignores what it does not
 * know. `answersCarryPatches`: it applies the patch a command's answer carries. A client that does not say so —
 * a page loaded before the server was upgraded — is sent its own changes' patches as before, and answered `{}`.
 */
export const connectionAuthSchema = z.object({ answersCarryPatches: z.boolean().optional() });
export type ConnectionAuth = z.infer<typeof connectionAuthSchema>;

export const questionListResultSchema = z.object({ questions: z.array(questionSchema) });
export type QuestionListResult = z.infer<typeof questionListResultSchema>;

/**
 * What every command that changes the room may carry: its request id (`requestIdSchema`). The typed client sends
 * one with each, and sends the command again with it when the answer was lost with the connection; the server
 * applies a command once per id.
 */
const commandFields = { requestId: requestIdSchema.optional() };
/** A command that changes the room and needs nothing more than its request id. */
export const commandPayloadSchema = z.strictObject(commandFields);

export const pushQuestionPayloadSchema = z.strictObject({ questionId: slugSchema, ...commandFields });

/** ±1 or ±5 minutes from the UI; any whole ms up to the round's length is accepted. */
export const adjustTimerPayloadSchema = z.strictObject({
  deltaMs: z
    .number()
    .int("whole milliseconds")
    .refine((delta) => delta !== 0, "a zero adjustment changes nothing")
    .refine((delta) => Math.abs(delta) <= 24 * 60 * 60_000, "an adjustment is at most a day"),
  ...commandFields,
});
export const autoAdvancePayloadSchema = z.strictObject({ enabled: z.boolean(), ...commandFields });

export const planGroupPayloadSchema = z.strictObject({ rounds: z.number().int().min(1).max(40), ...commandFields });
export const memberPayloadSchema = z.strictObject({ participantId: participantIdSchema, ...commandFields });

export const clockSyncPayloadSchema = z.strictObject({ clientSentAt: z.number().finite() });
export const clockSyncResultSchema = z.object({ clientSentAt: z.number(), serverTime: z.number() });
export type ClockSyncResult = z.infer<typeof clockSyncResultSchema>;

// ---- HTTP bodies ----

export const createRoomBodySchema = z.strictObject({
  trackId: slugSchema,
  stageId: slugSchema,
  /** "pair" (default): two people who can swap roles; "group": 3–8 members who rotate by plan. */
  kind: roomKindSchema.default("pair"),
});
export type CreateRoomBody = z.input<typeof createRoomBodySchema>;
export const createRoomResponseSchema = z.object({ roomId: roomIdSchema, invitePath: z.string(), inviteUrl: z.string() });
export type CreateRoomResponse = z.infer<typeof createRoomResponseSchema>;

export const roomParamsSchema = z.strictObject({ roomId: roomIdSchema });

/** What someone holding only the invite link learns: the stage and the open seats, never who is inside. */
export const roomSummarySchema = z.object({
  roomId: roomIdSchema,
  kind: roomKindSchema,
  stage: stageInfoSchema,
  /** Roles a newcomer can still take; empty when the room is full. */
  openRoles: z.array(roleSchema),
});
export type RoomSummary = z.infer<typeof roomSummarySchema>;

export const trackListSchema = z.object({
  tracks: z.array(
    z.object({
      id: slugSchema,
      name: z.string(),
      description: z.string(),
      stages: z.array(
        z.object({ id: slugSchema, name: z.string(), description: z.string(), minutes: z.number().int(), segments: z.array(segmentSchema) }),
      ),
    }),
  ),
});
export type TrackList = z.infer<typeof trackListSchema>;

export const trackParamsSchema = z.strictObject({ trackId: slugSchema });
export const promptListQuerySchema = z.strictObject({ stageId: slugSchema.optional() });

/** A question as anyone may see it before a round: no follow-ups, no interviewer guidance. */
export const publicQuestionSchema = z.strictObject({
  id: slugSchema,
  prompt: z.string(),
  stages: z.array(slugSchema),
  categories: z.array(slugSchema),
  principles: z.array(slugSchema),
  difficulty: z.enum(["warm-up", "standard", "hard"]),
  suggestedMinutes: z.number().int(),
});
export const promptListSchema = z.object({ trackId: slugSchema, questions: z.array(publicQuestionSchema) });
export type PromptList = z.infer<typeof promptListSchema>;

export const healthSchema = z.object({ status: z.enum(["ok", "unavailable"]), store: z.string().optional() });
