import { mayDrawOnBoard, type BoardScene, type ErrorBody, type Role } from "@mockloop/protocol";
import type { RoomClient } from "@mockloop/protocol/client";
import { useEffect, useState } from "react";
import { errorText } from "../../shared/api/error-text.ts";
import { BoardCanvas } from "./BoardCanvas.tsx";
import styles from "./Board.module.css";

export interface BoardPanelProps {
  client: RoomClient;
  /** The round being run: its board is the one shown. */
  round: number;
  role: Role;
  roomKind: "pair" | "group";
  isHost: boolean;
  nameOf: (participantId: string) => string | undefined;
  epoch: number;
}

/** The board of the round being run, with the host's switch for observers. Loaded on demand with Excalidraw. */
export default function BoardPanel({ client, round, role, roomKind, isHost, nameOf, epoch }: BoardPanelProps) {
  const [scene, setScene] = useState<BoardScene | null>(null);
  const [error, setError] = useState<ErrorBody | null>(null);

  useEffect(() => {
    let current = true;
    void client.request("board:get", {}).then((ack) => {
      if (!current) return;
      if (ack.ok) setScene(ack.data);
      else setError(ack.error);
    });
    return () => {
      current = false;
    };
  }, [client, round]);

  useEffect(
    () => client.on("board:settings", ({ observersMayDraw }) => setScene((shown) => (shown ? { ...shown, observersMayDraw } : shown))),
    [client],
  );

  if (!scene) {
    return error ? <p role="alert">The board could not be opened: {errorText(error)}</p> : <p>Opening the board…</p>;
  }
  const mayDraw = mayDrawOnBoard(role, roomKind, scene.observersMayDraw);
  const allowObservers = async (allowed: boolean) => {
    const ack = await client.request("board:observers", { mayDraw: allowed });
    if (!ack.ok) setError(ack.error);
  };

  return (
    <div className={styles.panel} data-testid="board-panel" data-round={scene.round} data-may-draw={mayDraw}>
      <div className={styles.bar}>
        <span data-testid="board-status">
          {mayDraw ? "You can draw. Everyone in the room sees it live." : "You are watching. The candidate and the interviewer draw."}
        </span>
        {roomKind === "group" && isHost && (
          <label className={styles.switch}>
            <input
              type="checkbox"
              data-testid="board-observers-switch"
              checked={scene.observersMayDraw}
              onChange={(event) => void allowObservers(event.target.checked)}
            />
            Observers may draw
          </label>
        )}
      </div>
      {error && (
        <p role="alert" className={styles.error} data-testid="board-error">
          The board did not take your last change: {errorText(error)}
        </p>
      )}
      <BoardCanvas key={scene.round} client={client} scene={scene} mayDraw={mayDraw} nameOf={nameOf} epoch={epoch} onError={setError} />
    </div>
  );
}
