import type { ParticipantView, RoomState } from "@mockloop/protocol";
import type { RoomClient } from "@mockloop/protocol/client";
import clsx from "clsx";
import { useState } from "react";
import ui from "../../shared/ui/ui.module.css";
import { Board } from "./Board.tsx";
import styles from "./Board.module.css";
import { useQuestionSuggestsBoard } from "./suggest.ts";

const openKey = (roomId: string) => `mockloop:board-open:${roomId}`;

function rememberedOpen(roomId: string): boolean {
  try {
    return window.sessionStorage.getItem(openKey(roomId)) === "1";
  } catch {
    return false;
  }
}

/**
 * The board in the room: closed until someone opens it (Excalidraw loads then), offered when a system-design
 * question is on screen, and kept open across a reload of this tab.
 */
export function RoomBoard({ client, state, me, epoch }: { client: RoomClient; state: RoomState; me: ParticipantView; epoch: number }) {
  const [open, setOpen] = useState(() => rememberedOpen(state.roomId));
  const suggested = useQuestionSuggestsBoard(state);
  const toggle = (next: boolean) => {
    setOpen(next);
    try {
      window.sessionStorage.setItem(openKey(state.roomId), next ? "1" : "0");
    } catch {
      // Private windows may refuse storage: the board still opens, it just is not remembered.
    }
  };
  const nameOf = (id: string) => state.participants.find((participant) => participant.id === id)?.name;

  return (
    <section className={ui.card} aria-labelledby="board-title" data-testid="room-board">
      <div className={clsx(ui.cardTitleRow, ui.wrap)}>
        <h2 id="board-title">Board</h2>
        <button type="button" className={clsx(ui.button, ui.small)} data-testid="board-toggle" aria-expanded={open} onClick={() => toggle(!open)}>
          {open ? "Hide the board" : "Open the board"}
        </button>
      </div>
      {!open && suggested && (
        <div className={styles.suggestion} data-testid="board-suggestion">
          <p>This is a system-design question: sketch it together on the board.</p>
          <button type="button" className={clsx(ui.button, ui.primary)} data-testid="board-suggestion-open" onClick={() => toggle(true)}>
            Open the board
          </button>
        </div>
      )}
      {!open && !suggested && <p className={ui.muted}>A shared drawing board for boxes, arrows, queues and caches. It is kept with this round.</p>}
      {open && (
        <Board
          client={client}
          round={state.round}
          role={me.role}
          roomKind={state.kind}
          isHost={state.group?.hostId === me.id}
          nameOf={nameOf}
          epoch={epoch}
        />
      )}
    </section>
  );
}
