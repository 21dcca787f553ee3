import { Excalidraw, MainMenu, restoreElements } from "@excalidraw/excalidraw";
import type { ExcalidrawElement } from "@excalidraw/excalidraw/element/types";
import type { ExcalidrawImperativeAPI } from "@excalidraw/excalidraw/types";
import "@excalidraw/excalidraw/index.css";
import type { BoardScene, ErrorBody } from "@mockloop/protocol";
import type { RoomClient } from "@mockloop/protocol/client";
import { useEffect, useMemo, useRef, useState } from "react";
import { BoardSync } from "./board-sync.ts";
import styles from "./Board.module.css";
import { describeBoard } from "./summary.ts";

export interface BoardCanvasProps {
  client: RoomClient;
  scene: BoardScene;
  mayDraw: boolean;
  nameOf: (participantId: string) => string | undefined;
  /** Bumped by every automatic rejoin: the board then takes the stored scene in again. */
  epoch: number;
  onError: (error: ErrorBody) => void;
}

/** Excalidraw itself, kept in step with the room by a BoardSync. */
export function BoardCanvas({ client, scene, mayDraw, nameOf, epoch, onError }: BoardCanvasProps) {
  const [api, setApi] = useState<ExcalidrawImperativeAPI | null>(null);
  const [summary, setSummary] = useState(() => describeBoard(scene.elements));
  const sync = useRef<BoardSync | null>(null);
  // Callbacks change every render; the sync reads the latest through refs.
  const latest = useRef({ nameOf, onError });
  useEffect(() => {
    latest.current = { nameOf, onError };
  });
  const initialData = useMemo(
    () => ({
      elements: restoreElements(scene.elements as unknown as ExcalidrawElement[], null),
      appState: { viewBackgroundColor: "#ffffff", currentItemFontFamily: 1 as const },
      scrollToContent: true,
    }),
    [scene],
  );

  useEffect(() => {
    if (!api) return;
    const started = new BoardSync({
      client,
      api,
      round: scene.round,
      limits: scene.limits,
      initial: scene.elements,
      nameOf: (id) => latest.current.nameOf(id),
      onError: (error) => latest.current.onError(error),
    });
    started.start();
    sync.current = started;
    return () => {
      started.stop();
      sync.current = null;
    };
  }, [api, client, scene]);

  const firstEpoch = useRef(epoch);
  useEffect(() => {
    if (epoch !== firstEpoch.current) void sync.current?.resync();
  }, [epoch]);

  return (
    <>
      <div className={styles.canvas} data-testid="board-canvas">
        <Excalidraw
          excalidrawAPI={setApi}
          initialData={initialData}
          isCollaborating
          viewModeEnabled={!mayDraw}
          onChange={(elements) => {
            sync.current?.localChange();
            setSummary(describeBoard(elements));
          }}
          onPointerUpdate={({ pointer, button }) => {
            if (mayDraw) sync.current?.pointerMoved(pointer, button);
          }}
          UIOptions={{
            canvasActions: { loadScene: false, saveToActiveFile: false, export: false, saveAsImage: false, toggleTheme: null },
            // Images are off on the board: they would need storage of their own.
            tools: { image: false },
          }}
        >
          <MainMenu>
            <MainMenu.DefaultItems.ClearCanvas />
            <MainMenu.DefaultItems.ChangeCanvasBackground />
          </MainMenu>
        </Excalidraw>
      </div>
      <p className={styles.summary} data-testid="board-summary">
        {summary}
      </p>
    </>
  );
}
