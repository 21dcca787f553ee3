import type { ErrorBody } from "@mockloop/protocol";
import { useQuery } from "@tanstack/react-query";
import clsx from "clsx";
import { lazy, Suspense, useCallback, useState } from "react";
import { errorBodyOf } from "../../shared/api/request.ts";
import { saveBlob } from "../../shared/download.ts";
import { ErrorMessage } from "../../shared/ui/ErrorMessage.tsx";
import ui from "../../shared/ui/ui.module.css";
import { fetchBoardFile, roundBoardQuery } from "./api.ts";
import { pointExcalidrawAtOurAssets } from "./assets.ts";
import styles from "./Board.module.css";

// Drawing a board as SVG needs Excalidraw: it loads, in its own chunk, only where a round has a board.
const BoardSvg = lazy(() => {
  pointExcalidrawAtOurAssets();
  return import("./BoardSvg.tsx");
});

/** A round's board as it was left, drawn as SVG, with the SVG and the `.excalidraw` file to download. */
export function RoundBoard({ roomId, token, round }: { roomId: string; token: string; round: number }) {
  const query = useQuery(roundBoardQuery(roomId, token, round));
  const [svg, setSvg] = useState<string | null>(null);
  const [error, setError] = useState<ErrorBody | null>(null);
  const rendered = useCallback((markup: string) => setSvg(markup), []);
  const problem = error ?? (query.error ? errorBodyOf(query.error) : null);

  const downloadFile = async () => {
    const result = await fetchBoardFile(roomId, token, round);
    if (result.ok) saveBlob(result.data, `mockloop-board-round-${round}.excalidraw`);
    else setError(result.error);
  };

  return (
    <section data-testid={`round-board-${round}`} aria-label={`Board of round ${round}`}>
      <h3>Board</h3>
      {query.data ? (
        <Suspense fallback={<p className={ui.muted}>Drawing the board…</p>}>
          <BoardSvg elements={query.data.elements} onRendered={rendered} label={`The board of round ${round}`} />
        </Suspense>
      ) : (
        !problem && <p className={ui.muted}>Loading the board…</p>
      )}
      {problem && <ErrorMessage error={problem} />}
      <div className={clsx(styles.downloads, "no-print")} role="group" aria-label="Download the board">
        <span className={ui.muted}>Download the board</span>
        <button
          type="button"
          className={clsx(ui.button, ui.small)}
          data-testid={`board-${round}-svg`}
          disabled={!svg}
          onClick={() => svg && saveBlob(new Blob([svg], { type: "image/svg+xml" }), `mockloop-board-round-${round}.svg`)}
        >
          SVG
        </button>
        <button type="button" className={clsx(ui.button, ui.small)} data-testid={`board-${round}-excalidraw`} onClick={() => void downloadFile()}>
          Excalidraw file
        </button>
      </div>
    </section>
  );
}
