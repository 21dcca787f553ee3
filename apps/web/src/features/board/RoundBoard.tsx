import { roundBoardSchema, type RoundBoard as RoundBoardData } from "@mockloop/protocol";
import { lazy, Suspense, useCallback, useEffect, useState } from "react";
import { pointExcalidrawAtOurAssets } from "./assets.ts";
import { fetchBoardFile, fetchBoardJson } from "./api.ts";
import styles from "./Board.module.css";

const BoardSvg = lazy(() => {
  pointExcalidrawAtOurAssets();
  return import("./BoardSvg.tsx");
});

export interface RoundBoardProps {
  /** The app's class for small buttons, so the downloads look like every other. */
  buttonClass?: string;
  roomId: string;
  token: string;
  round: number;
  /** Saves a downloaded file (the app's own download helper). */
  save: (blob: Blob, filename: string) => void;
}

/** A round's board as it was left, drawn as SVG, with the SVG and the `.excalidraw` file to download. */
export function RoundBoard({ roomId, token, round, save, buttonClass }: RoundBoardProps) {
  const [board, setBoard] = useState<RoundBoardData | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [svg, setSvg] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    void fetchBoardJson(roomId, token, round).then((result) => {
      if (!current) return;
      if (result.ok) setBoard(roundBoardSchema.parse(result.data));
      else setProblem(result.message);
    });
    return () => {
      current = false;
    };
  }, [roomId, token, round]);

  const downloadFile = async () => {
    const result = await fetchBoardFile(roomId, token, round);
    if (result.ok) save(result.data, `mockloop-board-round-${round}.excalidraw`);
    else setProblem(result.message);
  };
  const rendered = useCallback((markup: string) => setSvg(markup), []);

  return (
    <section className="round-board" data-testid={`round-board-${round}`} aria-label={`Board of round ${round}`}>
      <h3>Board</h3>
      {problem && <p role="alert">{problem}</p>}
      {board ? (
        <Suspense fallback={<p>Drawing the board…</p>}>
          <BoardSvg elements={board.elements} onRendered={rendered} label={`The board of round ${round}`} />
        </Suspense>
      ) : (
        !problem && <p>Loading the board…</p>
      )}
      <div className={styles.downloads} role="group" aria-label="Download the board">
        <span>Download</span>
        <button
          type="button"
          className={buttonClass}
          data-testid={`board-${round}-svg`}
          disabled={!svg}
          onClick={() => svg && save(new Blob([svg], { type: "image/svg+xml" }), `mockloop-board-round-${round}.svg`)}
        >
          SVG
        </button>
        <button type="button" className={buttonClass} data-testid={`board-${round}-excalidraw`} onClick={() => void downloadFile()}>
          Excalidraw file
        </button>
      </div>
    </section>
  );
}
