import { z } from "zod";
import { participantIdSchema } from "./schemas.ts";

/**
 * The call's signalling: WebRTC offers, answers and ICE candidates relayed between two people of the same room,
 * and who is in the call. The server only checks and forwards these; it never stores them, and media never
 * passes through it.
 */

/** Bounds that real browser SDPs fit comfortably (Chrome's offer for audio + video is about 6 KB). */
export const CALL_LIMITS = {
  sdpChars: 32 * 1024,
  candidateChars: 1024,
  midChars: 64,
  ufragChars: 256,
} as const;

/** One tab's stay in the call: a new one after a reload, the same one across a reconnect. */
export const callSessionIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "not a call session id");

/** What someone sends: their microphone and camera on or off, their screen shared, audio-only mode. */
export const callMediaSchema = z.strictObject({
  audio: z.boolean(),
  video: z.boolean(),
  screen: z.boolean(),
  audioOnly: z.boolean(),
});
export type CallMedia = z.infer<typeof callMediaSchema>;

export const sessionDescriptionSchema = z.strictObject({
  type: z.enum(["offer", "answer", "pranswer", "rollback"]),
  sdp: z.string().max(CALL_LIMITS.sdpChars, `an SDP is at most ${CALL_LIMITS.sdpChars} characters`),
});

export const iceCandidateSchema = z.strictObject({
  candidate: z.string().max(CALL_LIMITS.candidateChars, `an ICE candidate is at most ${CALL_LIMITS.candidateChars} characters`),
  sdpMid: z.string().max(CALL_LIMITS.midChars).nullable().optional(),
  sdpMLineIndex: z.number().int().min(0).max(1023).nullable().optional(),
  usernameFragment: z.string().max(CALL_LIMITS.ufragChars).nullable().optional(),
});

/** An offer or answer, or one ICE candidate (`candidate: null` ends the trickle). */
export const callSignalSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("description"), description: sessionDescriptionSchema }),
  z.strictObject({ kind: z.literal("candidate"), candidate: iceCandidateSchema.nullable() }),
]);
export type CallSignal = z.infer<typeof callSignalSchema>;

/** Says "I am in the call": to the whole room (`greet`: please answer with yours), or to one person in reply. */
export const callAnnouncePayloadSchema = z.strictObject({
  session: callSessionIdSchema,
  media: callMediaSchema,
  greet: z.boolean(),
  to: participantIdSchema.optional(),
});
export type CallAnnouncePayload = z.infer<typeof callAnnouncePayloadSchema>;

export const callLeavePayloadSchema = z.strictObject({ session: callSessionIdSchema });

export const callSignalPayloadSchema = z.strictObject({
  to: participantIdSchema,
  toSession: callSessionIdSchema,
  fromSession: callSessionIdSchema,
  signal: callSignalSchema,
});
export type CallSignalPayload = z.infer<typeof callSignalPayloadSchema>;

/** STUN and TURN servers for RTCPeerConnection; TURN credentials are short-lived (TURN REST scheme). */
export const iceServerSchema = z.object({
  urls: z.array(z.string()).min(1),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export const iceConfigSchema = z.object({
  iceServers: z.array(iceServerSchema),
  /** "relay" sends all media through the TURN relay, so nobody learns another's IP address. */
  iceTransportPolicy: z.enum(["all", "relay"]),
  /** When the TURN credentials stop working (ms since the epoch); null without TURN. */
  expiresAt: z.number().int().nullable(),
});
export type IceConfig = z.infer<typeof iceConfigSchema>;

/** Server → client: someone is in the call (or answers your greeting), with what they send. */
export const callPeerSchema = z.object({
  from: participantIdSchema,
  session: callSessionIdSchema,
  media: callMediaSchema,
  greet: z.boolean(),
});
export type CallPeer = z.infer<typeof callPeerSchema>;

/** Someone left the call (`dropped`: their connection closed, which a reconnect may mend). */
export const callLeftSchema = z.object({ from: participantIdSchema, session: callSessionIdSchema, dropped: z.boolean() });
export type CallLeft = z.infer<typeof callLeftSchema>;

/** Server → client: a signal from another person of the room; `from` is set by the server, never by the sender. */
export const callSignalEventSchema = callSignalPayloadSchema.omit({ to: true }).extend({ from: participantIdSchema });
export type CallSignalEvent = z.infer<typeof callSignalEventSchema>;

/** The call's server → client events as one tagged union, for carrying them between server nodes. */
export const callEventSchema = z.discriminatedUnion("event", [
  z.object({ event: z.literal("call:peer"), payload: callPeerSchema }),
  z.object({ event: z.literal("call:left"), payload: callLeftSchema }),
  z.object({ event: z.literal("call:signal"), payload: callSignalEventSchema }),
]);
export type CallServerEvent = z.infer<typeof callEventSchema>;
