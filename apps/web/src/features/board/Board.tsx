import { lazy, Suspense } from "react";
import { pointExcalidrawAtOurAssets } from "./assets.ts";
import type { BoardPanelProps } from "./BoardPanel.tsx";

// Excalidraw is large: it loads, in a chunk of its own, only when someone opens the board.
const BoardPanel = lazy(() => {
  pointExcalidrawAtOurAssets();
  return import("./BoardPanel.tsx");
});

/** The shared board of the round, loaded on demand. */
export function Board(props: BoardPanelProps) {
  return (
    <Suspense fallback={<p>Opening the board…</p>}>
      <BoardPanel {...props} />
    </Suspense>
  );
}
