export type { QueueStore, QueueTicket, NewTicket } from "./port.ts";
export { assignRoles, partnerRoles, pickPartner } from "./matching.ts";
export { MatchmakingService, type QueueOutcome } from "./matchmaking-service.ts";
export { createQueueFeature } from "./feature.ts";
