export { RoomService, type JoinRequest, type JoinOutcome } from "./room-service.ts";
export type { PresenceStore, WentOffline } from "./port.ts";
export { pairKind } from "./pair-kind.ts";
export { participantView, roomSnapshot, roomPatch, roomSummary, viewClassOf, type ViewClass } from "./views.ts";
export { createRoomPublisher } from "./publisher.ts";
export { createRoomFeature } from "./feature.ts";
