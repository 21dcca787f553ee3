import type { ErrorBody, InterviewerRoomState, SubmitScorecardPayload } from "@mockloop/protocol";
import type { RoomClient } from "@mockloop/protocol/client";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { ErrorMessage } from "../../shared/ui/ErrorMessage.tsx";
import { SharedNotes } from "../observer-notes/index.ts";
import { InterviewerQuestion, QuestionList, questionBankQuery } from "../questions/index.ts";
import { CurrentQuestionNotes, ScorecardForm, ScorecardView, scorecardDraftSync } from "../scorecards/index.ts";
import { Timer, TimerControls } from "../timer/index.ts";
import { ScorecardLinks, useDraftLifecycle, type LayoutProps } from "./layout.tsx";
import { Participants } from "./Participants.tsx";
import { useRoomSession } from "./session/RoomSessionProvider.tsx";
import ui from "../../shared/ui/ui.module.css";
import layout from "./layout.module.css";

/** The interviewer's room: the question on screen with its guidance, the bank, the timer's controls and the scorecard. */
export function InterviewerLayout({ snapshot, state, meId }: LayoutProps<InterviewerRoomState>) {
  const session = useRoomSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorBody | null>(null);
  const [sync] = useState(() => scorecardDraftSync(session.client));
  useDraftLifecycle(sync, snapshot);
  const submitted = state.scorecard !== null;
  useEffect(() => {
    if (submitted) sync.hold();
  }, [sync, submitted]);
  // The stage's questions, to name the asked ones on the scorecard.
  const bank = useQuery(questionBankQuery(state.roomId, session.client)).data;

  async function act(command: (client: RoomClient) => Promise<unknown>) {
    setBusy(true);
    setError(null);
    setError(await session.attempt(command));
    setBusy(false);
  }

  const submit = (scorecard: SubmitScorecardPayload) => session.attempt((client) => client.submitScorecard(scorecard));
  const hasCandidate = state.participants.some((p) => p.role === "candidate");
  // Commands sent while the socket is down would only time out: wait for the reconnect.
  const blocked = busy || snapshot.connection !== "online";
  const asked = state.askedQuestionIds.map((id) => ({
    id,
    prompt: bank?.find((question) => question.id === id)?.prompt ?? (state.currentQuestion?.id === id ? state.currentQuestion.prompt : id),
  }));
  const current = state.currentQuestion;

  return (
    <>
      {error && (
        <div className={ui.actionError}>
          <ErrorMessage error={error} />
          <button type="button" className={ui.linkButton} onClick={() => setError(null)}>
            Dismiss
          </button>
        </div>
      )}
      <div className={layout.roomGrid}>
        <div className={layout.roomMain}>
          <div className={layout.order2}>
            <InterviewerQuestion
              question={current}
              notes={current && !submitted ? <CurrentQuestionNotes sync={sync} question={{ id: current.id, prompt: current.prompt }} /> : null}
            />
          </div>
          <div className={layout.order3}>
            <QuestionList
              roomId={state.roomId}
              client={session.client}
              segments={state.stage.segments}
              timerSegmentId={state.timer.segments[state.timer.segmentIndex]?.id ?? null}
              askedIds={state.askedQuestionIds}
              currentId={state.currentQuestion?.id ?? null}
              suggestedId={state.view === "interviewer" ? state.suggestedQuestionId : null}
              busy={blocked}
              onPush={(questionId) => void act((client) => client.pushQuestion(questionId))}
            />
          </div>
        </div>
        <div className={layout.roomSide}>
          <div className={layout.order1}>
            <Timer
              timer={state.timer}
              clock={snapshot.clock}
              segmentEnded={snapshot.segmentEnded}
              controls={(leftSeconds) => (
                <TimerControls timer={state.timer} leftSeconds={leftSeconds} busy={blocked} act={(command) => void act(command)} />
              )}
            />
          </div>
          <div className={layout.order4}>
            <Participants participants={state.participants} meId={meId} activity={snapshot.activity} />
          </div>
        </div>
      </div>
      <div className={layout.roomWide}>
        {state.scorecard ? (
          <>
            <ScorecardView scorecard={state.scorecard} scale={state.stage.recommendationScale} title="Submitted scorecard" />
            <ScorecardLinks roomId={state.roomId} />
          </>
        ) : (
          <ScorecardForm
            sync={sync}
            scale={state.stage.recommendationScale}
            rubric={state.rubric}
            questions={asked}
            hasCandidate={hasCandidate}
            online={snapshot.connection === "online"}
            onSubmit={submit}
          />
        )}
        <SharedNotes notes={state.observerNotes.filter((notes) => notes.round === state.round)} />
      </div>
    </>
  );
}
