import { z } from "zod";
import { slugSchema } from "@mockloop/questions/model";
import { displayNameSchema, participantTokenSchema, roleSchema, roomIdSchema } from "./schemas.ts";

/** What someone looking for a partner would like to be in the round. */
export const preferredRoleSchema = z.enum(["candidate", "interviewer", "either"]);
export type PreferredRole = z.infer<typeof preferredRoleSchema>;

export const queueTicketIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "not a queue ticket");

export const joinQueuePayloadSchema = z.strictObject({
  trackId: slugSchema,
  stageId: slugSchema,
  preferredRole: preferredRoleSchema,
  name: displayNameSchema,
  /**
   * The ticket this person was waiting with when their connection dropped, asked again from the new one: it is
   * withdrawn first, in case the node that held it could not (it died). A server from before refuses the field.
   */
  replaces: queueTicketIdSchema.optional(),
});
export type JoinQueuePayload = z.input<typeof joinQueuePayloadSchema>;
/** What someone asks the queue for: the request without what it replaces. */
export type PartnerRequest = Required<Omit<JoinQueuePayload, "replaces">>;

/** Where a waiting request stands: its place in line (1 is next) and how many wait for the same stage. */
export const queueStatusSchema = z.object({
  ticketId: queueTicketIdSchema,
  position: z.number().int().positive(),
  waiting: z.number().int().positive(),
});
export type QueueStatus = z.infer<typeof queueStatusSchema>;

/** A partner was found: the room to go to, this person's role in it, and their participant token. */
export const queueMatchedSchema = z.object({
  ticketId: queueTicketIdSchema,
  roomId: roomIdSchema,
  role: roleSchema,
  token: participantTokenSchema,
  partnerName: z.string(),
});
export type QueueMatched = z.infer<typeof queueMatchedSchema>;

export const queueExpiredSchema = z.object({ ticketId: queueTicketIdSchema, waitedMs: z.number().int().nonnegative() });
export type QueueExpired = z.infer<typeof queueExpiredSchema>;

/** The answer to a queue request: waiting (with a place in line), or matched at once. */
export const joinQueueResultSchema = z.discriminatedUnion("state", [
  z.object({ state: z.literal("waiting"), status: queueStatusSchema }),
  z.object({ state: z.literal("matched"), match: queueMatchedSchema }),
]);
export type JoinQueueResult = z.infer<typeof joinQueueResultSchema>;
