import { exportToSvg as untypedExportToSvg, restoreElements } from "@excalidraw/excalidraw";
import type { ExcalidrawElement } from "@excalidraw/excalidraw/element/types";
import type { BoardElement } from "@mockloop/protocol";
import { useEffect, useRef, useState } from "react";
import styles from "./Board.module.css";

// The package's declaration re-exports this from a path its types do not ship; this is its documented signature.
const exportToSvg = untypedExportToSvg as (options: {
  elements: readonly ExcalidrawElement[];
  appState: Record<string, unknown>;
  files: null;
  exportPadding?: number;
}) => Promise<SVGSVGElement>;

export interface BoardSvgProps {
  elements: readonly BoardElement[];
  /** Called with the SVG's markup once drawn, for its download. */
  onRendered: (svg: string) => void;
  label: string;
}

/** A stored board drawn as SVG by Excalidraw's own export, fonts inlined so the file stands alone. */
export default function BoardSvg({ elements, onRendered, label }: BoardSvgProps) {
  const container = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    exportToSvg({
      elements: restoreElements(elements as unknown as ExcalidrawElement[], null),
      appState: { exportBackground: true, viewBackgroundColor: "#ffffff", exportWithDarkMode: false },
      files: null,
      exportPadding: 16,
    }).then(
      (svg) => {
        if (!current || !container.current) return;
        svg.setAttribute("role", "img");
        svg.setAttribute("aria-label", label);
        container.current.replaceChildren(svg);
        onRendered(svg.outerHTML);
      },
      (error: unknown) => current && setFailed(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      current = false;
    };
  }, [elements, label, onRendered]);

  if (failed) return <p role="alert">The board could not be drawn: {failed}</p>;
  return <div className={styles.svg} data-testid="board-svg" ref={container} />;
}
