export { RoomService, type JoinRequest, type JoinOutcome } from "./room-service.ts";
export { pairKind } from "./pair-kind.ts";
export { participantView, roomState, roomSummary, viewOf, type RoomViewKind } from "./views.ts";
export { createRoomPublisher } from "./publisher.ts";
export { createRoomFeature } from "./feature.ts";
