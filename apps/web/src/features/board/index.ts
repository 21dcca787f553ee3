export { Board } from "./Board.tsx";
export { RoundBoard } from "./RoundBoard.tsx";
export { useBoardRounds } from "./useBoardRounds.ts";
export { suggestsBoard } from "./suggest.ts";
