import { lazy } from "react";

/** The room page loads on its own: the socket client and the protocol's schemas are not needed on the start page. */
export const RoomPage = lazy(() => import("./RoomPage.tsx").then((module) => ({ default: module.RoomPage })));
export { RoomSessionsProvider, useOpenRoomSession } from "./session/sessions.tsx";
