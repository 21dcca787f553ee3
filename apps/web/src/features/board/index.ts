export { RoomBoard } from "./RoomBoard.tsx";
export { RoundBoard } from "./RoundBoard.tsx";
export { useDrawnRounds } from "./api.ts";
