import type {
  ErrorBody,
  InterviewerRoomState,
  ParticipantRoomState,
  ParticipantView,
  RoomState,
  SubmitScorecardPayload,
} from "@mockloop/protocol";
import type { RoomClient } from "@mockloop/protocol/client";
import { useEffect, useState } from "react";
import { InterviewerQuestion, PromptCard } from "../components/CurrentQuestion.tsx";
import { ErrorMessage } from "../components/ErrorMessage.tsx";
import { InviteLink } from "../components/InviteLink.tsx";
import { Link } from "../components/Link.tsx";
import { Participants } from "../components/Participants.tsx";
import { QuestionList } from "../components/QuestionList.tsx";
import { ScorecardForm } from "../components/ScorecardForm.tsx";
import { ScorecardView } from "../components/ScorecardView.tsx";
import { StageSummary } from "../components/StageSummary.tsx";
import { Timer } from "../components/Timer.tsx";
import { TimerControls } from "../components/TimerControls.tsx";
import { roleLabel } from "../format.ts";
import { navigate, scorecardPath } from "../router.ts";
import type { RoomSession, SessionSnapshot } from "../session.ts";

interface RoomViewProps {
  session: RoomSession;
  snapshot: SessionSnapshot;
  state: RoomState;
  me: ParticipantView;
}

export function RoomView({ session, snapshot, state, me }: RoomViewProps) {
  const title = `${state.stage.stageName} · mockloop`;
  useEffect(() => {
    const previous = document.title;
    document.title = title;
    return () => {
      document.title = previous;
    };
  }, [title]);
  async function leave() {
    if (!window.confirm("Leave this room? Your seat is freed for someone else.")) return;
    await session.leave();
    navigate("/");
  }

  return (
    <div className="room">
      {snapshot.connection === "reconnecting" && (
        <div className="banner" role="status" data-testid="reconnecting-banner">
          Connection lost. Reconnecting…
        </div>
      )}
      <section className="card room-header">
        <div className="room-title">
          <p className="eyebrow">{state.stage.trackName}</p>
          <h1>{state.stage.stageName}</h1>
          <p className="muted">
            You are <strong>{me.name}</strong>, {roleLabel(me.role).toLowerCase()}.{" "}
            <button type="button" className="link-button" onClick={() => void leave()}>
              Leave room
            </button>
          </p>
        </div>
        <InviteLink roomId={state.roomId} />
      </section>
      {state.view === "interviewer" ? (
        <InterviewerLayout session={session} snapshot={snapshot} state={state} meId={me.id} />
      ) : (
        <ParticipantLayout snapshot={snapshot} state={state} meId={me.id} isCandidate={me.role === "candidate"} />
      )}
    </div>
  );
}

interface LayoutProps<S> {
  snapshot: SessionSnapshot;
  state: S;
  meId: string;
}

function InterviewerLayout({ session, snapshot, state, meId }: LayoutProps<InterviewerRoomState> & { session: RoomSession }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorBody | null>(null);

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

  return (
    <>
      {error && (
        <div className="action-error">
          <ErrorMessage error={error} />
          <button type="button" className="link-button" onClick={() => setError(null)}>
            Dismiss
          </button>
        </div>
      )}
      <div className="room-grid">
        <div className="room-main">
          <div className="order-2">
            <InterviewerQuestion question={state.currentQuestion} />
          </div>
          <div className="order-3">
            <QuestionList
              session={session}
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
        <div className="room-side">
          <div className="order-1">
            <Timer
              timer={state.timer}
              clock={snapshot.clock}
              segmentEnded={snapshot.segmentEnded}
              controls={(leftSeconds) => (
                <TimerControls timer={state.timer} leftSeconds={leftSeconds} busy={blocked} act={(command) => void act(command)} />
              )}
            />
          </div>
          <div className="order-4">
            <Participants participants={state.participants} meId={meId} activity={snapshot.activity} />
          </div>
          <div className="order-5">
            {state.scorecard ? (
              <ScorecardView scorecard={state.scorecard} scale={state.stage.recommendationScale} title="Submitted scorecard" />
            ) : (
              <ScorecardForm scale={state.stage.recommendationScale} hasCandidate={hasCandidate} onSubmit={submit} />
            )}
          </div>
        </div>
      </div>
    </>
  );
}

function ParticipantLayout({ snapshot, state, meId, isCandidate }: LayoutProps<ParticipantRoomState> & { isCandidate: boolean }) {
  const interviewer = state.participants.find((p) => p.role === "interviewer");
  const minutes = state.stage.segments.reduce((sum, s) => sum + s.minutes, 0);
  return (
    <div className="room-grid">
      <div className="room-main">
        {state.scorecard && (
          <div className="order-0">
            <ScorecardView scorecard={state.scorecard} scale={state.stage.recommendationScale} title={isCandidate ? "Your scorecard" : "Scorecard"} />
            <p className="scorecard-link">
              <Link href={scorecardPath(state.roomId)}>Open the scorecard on its own page</Link> to keep or print it.
            </p>
          </div>
        )}
        <div className="order-1">
          <PromptCard prompt={state.currentQuestion} interviewerName={interviewer?.name ?? null} />
        </div>
        <section className="card order-4" aria-labelledby="about-title">
          <h2 id="about-title">About this round</h2>
          <StageSummary description={state.stage.description} minutes={minutes} segments={state.stage.segments} agenda={false} />
        </section>
      </div>
      <div className="room-side">
        <div className="order-2">
          <Timer timer={state.timer} clock={snapshot.clock} segmentEnded={snapshot.segmentEnded} />
        </div>
        <div className="order-3">
          <Participants participants={state.participants} meId={meId} activity={snapshot.activity} />
        </div>
      </div>
    </div>
  );
}
