import type { z } from "zod";
import type { Ack } from "./errors.ts";
import {
  activitySchema,
  adjustTimerPayloadSchema,
  autoAdvancePayloadSchema,
  clockSyncPayloadSchema,
  clockSyncResultSchema,
  commandPayloadSchema,
  emptyPayloadSchema,
  joinPayloadSchema,
  joinResultSchema,
  memberPayloadSchema,
  okResultSchema,
  planGroupPayloadSchema,
  pushQuestionPayloadSchema,
  questionListResultSchema,
  roomCommandResultSchema,
  roomPatchSchema,
  roomPresenceSchema,
  roomSnapshotSchema,
  segmentEndedSchema,
} from "./schemas.ts";
import {
  boardChangedSchema,
  boardObserversPayloadSchema,
  boardPointerPayloadSchema,
  boardPointerSchema,
  boardSceneSchema,
  boardSettingsSchema,
  boardUpdatePayloadSchema,
  boardUpdateResultSchema,
} from "./board.ts";
import {
  callAnnouncePayloadSchema,
  callLeavePayloadSchema,
  callLeftSchema,
  callPeerSchema,
  callSignalEventSchema,
  callSignalPayloadSchema,
  iceConfigSchema,
} from "./call.ts";
import { joinQueuePayloadSchema, joinQueueResultSchema, queueExpiredSchema, queueMatchedSchema, queueStatusSchema } from "./queue.ts";
import {
  observerNotesSchema,
  saveDraftPayloadSchema,
  saveDraftResultSchema,
  saveObserverNotesPayloadSchema,
  scorecardDraftSchema,
  shareObserverNotesPayloadSchema,
  submitScorecardPayloadSchema,
  submittedScorecardSchema,
} from "./scorecard.ts";

/**
 * The most one client message may take, in bytes of its Socket.IO packet (the event's name and payload as JSON,
 * UTF-8). The server's transport closes a connection that sends more (its `maxHttpBufferSize`), before any schema
 * sees it; so the typed client measures each request first and answers MESSAGE_TOO_LARGE instead of sending it.
 * Field limits alone do not keep a payload under it: a scorecard's notes may add up to far more.
 */
export const MAX_MESSAGE_BYTES = 64 * 1024;

/**
 * Every client → server event: the schema its payload must match and the schema of the data its ack carries.
 * The server parses every payload with `payload`; the typed event maps below are derived from this table.
 */
export const clientEvents = {
  "room:join": { payload: joinPayloadSchema, result: joinResultSchema },
  "room:leave": { payload: emptyPayloadSchema, result: okResultSchema },
  /** The whole room again, for a client that missed a change (a patch whose version does not follow its own). */
  "room:sync": { payload: emptyPayloadSchema, result: roomSnapshotSchema },
  "questions:list": { payload: emptyPayloadSchema, result: questionListResultSchema },
  "question:push": { payload: pushQuestionPayloadSchema, result: roomCommandResultSchema },
  /** A pair's next round with roles swapped; once this round's scorecard is submitted. */
  "round:swap": { payload: commandPayloadSchema, result: roomCommandResultSchema },
  /** Study groups, host only: plan the rounds, start the next one, give someone an extra turn, hand over hosting. */
  "group:plan": { payload: planGroupPayloadSchema, result: roomCommandResultSchema },
  "group:next": { payload: commandPayloadSchema, result: roomCommandResultSchema },
  "group:extra-turn": { payload: memberPayloadSchema, result: roomCommandResultSchema },
  "group:host": { payload: memberPayloadSchema, result: roomCommandResultSchema },
  /** Host only: end the current round without a scorecard (its interviewer left, say), so the group can go on. */
  "group:abandon-round": { payload: commandPayloadSchema, result: roomCommandResultSchema },
  /** Host only: give the current round's interviewer seat to someone present. */
  "group:interviewer": { payload: memberPayloadSchema, result: roomCommandResultSchema },
  "timer:start": { payload: commandPayloadSchema, result: roomCommandResultSchema },
  "timer:pause": { payload: commandPayloadSchema, result: roomCommandResultSchema },
  "timer:adjust": { payload: adjustTimerPayloadSchema, result: roomCommandResultSchema },
  "timer:skip": { payload: commandPayloadSchema, result: roomCommandResultSchema },
  "timer:reset": { payload: commandPayloadSchema, result: roomCommandResultSchema },
  "timer:auto-advance": { payload: autoAdvancePayloadSchema, result: roomCommandResultSchema },
  "scorecard:draft:get": { payload: emptyPayloadSchema, result: scorecardDraftSchema },
  "scorecard:draft:save": { payload: saveDraftPayloadSchema, result: saveDraftResultSchema },
  "scorecard:submit": { payload: submitScorecardPayloadSchema, result: submittedScorecardSchema },
  "observer-notes:get": { payload: emptyPayloadSchema, result: observerNotesSchema },
  "observer-notes:save": { payload: saveObserverNotesPayloadSchema, result: saveDraftResultSchema },
  "observer-notes:share": { payload: shareObserverNotesPayloadSchema, result: roomCommandResultSchema },
  "clock:sync": { payload: clockSyncPayloadSchema, result: clockSyncResultSchema },
  "queue:join": { payload: joinQueuePayloadSchema, result: joinQueueResultSchema },
  "queue:leave": { payload: emptyPayloadSchema, result: okResultSchema },
  /** The shared board of the round being run: the whole scene, changed elements, the pointer, and (host) who draws. */
  "board:get": { payload: emptyPayloadSchema, result: boardSceneSchema },
  "board:update": { payload: boardUpdatePayloadSchema, result: boardUpdateResultSchema },
  "board:pointer": { payload: boardPointerPayloadSchema, result: okResultSchema },
  "board:observers": { payload: boardObserversPayloadSchema, result: okResultSchema },
  /** The call: STUN/TURN servers (joined participants only), presence in the call, and WebRTC signalling. */
  "call:ice-servers": { payload: emptyPayloadSchema, result: iceConfigSchema },
  "call:announce": { payload: callAnnouncePayloadSchema, result: okResultSchema },
  "call:leave": { payload: callLeavePayloadSchema, result: okResultSchema },
  "call:signal": { payload: callSignalPayloadSchema, result: okResultSchema },
} as const;

export type ClientEventName = keyof typeof clientEvents;
export type ClientEventPayload<E extends ClientEventName> = z.input<(typeof clientEvents)[E]["payload"]>;
export type ClientEventResult<E extends ClientEventName> = z.infer<(typeof clientEvents)[E]["result"]>;

/** Every server → client event and the schema of its payload. */
export const serverEvents = {
  /** The whole room as the receiving role may see it: when the server resends it (after a fault), never per change. */
  "room:snapshot": roomSnapshotSchema,
  /** One change to the room, in the receiving role's view; sent once per change to each view. */
  "room:patch": roomPatchSchema,
  /** Someone came online or went offline (their first connection opened, their last one closed). */
  "room:presence": roomPresenceSchema,
  /** Someone joined, reconnected, dropped or left. */
  "room:activity": activitySchema,
  /** A segment of the round timer ended; at least once (a resend after a fault repeats it: apply it once, by version). */
  "timer:segment-ended": segmentEndedSchema,
  /** The interviewer's draft as just saved from another of their tabs; sent to that interviewer only. */
  "scorecard:draft": scorecardDraftSchema,
  /** The observer's notes as just saved from another of their tabs; sent to that observer only. */
  "observer-notes:draft": observerNotesSchema,
  /** Your place in the partner queue changed. */
  "queue:status": queueStatusSchema,
  /** A partner was found; join the room with the token. */
  "queue:matched": queueMatchedSchema,
  /** Nobody was found in time; the request was removed. */
  "queue:expired": queueExpiredSchema,
  /** Elements someone else changed on the board, as stored; sent to the room but not to the sender's connection. */
  "board:changed": boardChangedSchema,
  /** Someone's pointer on the board; live only, never stored. */
  "board:pointer": boardPointerSchema,
  /** The host changed whether observers may draw. */
  "board:settings": boardSettingsSchema,
  /** Someone is in the call, or changed what they send; `greet` asks those in the call to answer. */
  "call:peer": callPeerSchema,
  /** Someone left the call. */
  "call:left": callLeftSchema,
  /** An offer, answer or ICE candidate for you, from another person of your room. */
  "call:signal": callSignalEventSchema,
} as const;

export type ServerEventName = keyof typeof serverEvents;
export type ServerEventPayload<E extends ServerEventName> = z.infer<(typeof serverEvents)[E]>;

export type ClientToServerEvents = {
  [E in ClientEventName]: (payload: ClientEventPayload<E>, ack: (response: Ack<ClientEventResult<E>>) => void) => void;
};

export type ServerToClientEvents = {
  [E in ServerEventName]: (payload: ServerEventPayload<E>) => void;
};
