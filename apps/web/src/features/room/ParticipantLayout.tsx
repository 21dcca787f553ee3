import type { ParticipantRoomState, ParticipantView } from "@mockloop/protocol";
import { useState } from "react";
import { stageInfoMinutes } from "../../shared/stage/minutes.ts";
import { StageSummary } from "../../shared/stage/StageSummary.tsx";
import { ObserverNotesForm, SharedNotes, observerNotesSync } from "../observer-notes/index.ts";
import { PromptCard } from "../questions/index.ts";
import { ScorecardView } from "../scorecards/index.ts";
import { Timer } from "../timer/index.ts";
import { ScorecardLinks, useDraftLifecycle, type LayoutProps } from "./layout.tsx";
import { Participants } from "./Participants.tsx";
import { useRoomSession } from "./session/RoomSessionProvider.tsx";
import layout from "./layout.module.css";
import clsx from "clsx";
import ui from "../../shared/ui/ui.module.css";

/** What the candidate and observers see: the prompt, the timer, who is here, and the scorecard once it is in. */
export function ParticipantLayout({ snapshot, state, me }: Omit<LayoutProps<ParticipantRoomState>, "meId"> & { me: ParticipantView }) {
  const interviewer = state.participants.find((p) => p.role === "interviewer");
  const minutes = stageInfoMinutes(state.stage);
  const shared = state.observerNotes.filter((notes) => notes.round === state.round);
  return (
    <div className={layout.roomGrid}>
      <div className={layout.roomMain}>
        {(state.scorecard || shared.length > 0) && (
          <div className={layout.order0}>
            {state.scorecard && (
              <>
                <ScorecardView
                  scorecard={state.scorecard}
                  scale={state.stage.recommendationScale}
                  title={me.role === "candidate" ? "Your scorecard" : "Scorecard"}
                />
                <ScorecardLinks roomId={state.roomId} />
              </>
            )}
            <SharedNotes notes={shared} />
          </div>
        )}
        <div className={layout.order1}>
          <PromptCard prompt={state.currentQuestion} interviewerName={interviewer?.name ?? null} />
        </div>
        <section className={clsx(ui.card, layout.order4)} aria-labelledby="about-title">
          <h2 id="about-title">About this round</h2>
          <StageSummary description={state.stage.description} minutes={minutes} segments={state.stage.segments} agenda={false} />
        </section>
      </div>
      <div className={layout.roomSide}>
        <div className={layout.order2}>
          <Timer timer={state.timer} clock={snapshot.clock} segmentEnded={snapshot.segmentEnded} />
        </div>
        {me.role === "observer" && (
          <div className={layout.order3}>
            <ObserverPanel snapshot={snapshot} state={state} meId={me.id} />
          </div>
        )}
        <div className={layout.order3}>
          <Participants participants={state.participants} meId={me.id} activity={snapshot.activity} />
        </div>
      </div>
    </div>
  );
}

function ObserverPanel({ snapshot, state, meId }: LayoutProps<ParticipantRoomState>) {
  const session = useRoomSession();
  const [sync] = useState(() => observerNotesSync(session.client));
  useDraftLifecycle(sync, snapshot);
  const shared = state.observerNotes.find((notes) => notes.round === state.round && notes.observer.id === meId) ?? null;
  return (
    <ObserverNotesForm sync={sync} shared={shared} onShare={(requestId) => session.attempt((client) => client.shareObserverNotes(requestId))} />
  );
}
