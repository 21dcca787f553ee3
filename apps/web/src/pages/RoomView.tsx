import type {
  ErrorBody,
  InterviewerRoomState,
  ParticipantRoomState,
  ParticipantView,
  RoomState,
  SubmitScorecardPayload,
} from "@mockloop/protocol";
import type { RoomClient } from "@mockloop/protocol/client";
import type { Question } from "@mockloop/questions/model";
import { useEffect, useState } from "react";
import { InterviewerQuestion, PromptCard } from "../components/CurrentQuestion.tsx";
import { ErrorMessage } from "../components/ErrorMessage.tsx";
import { InviteLink } from "../components/InviteLink.tsx";
import { Link } from "../components/Link.tsx";
import { ObserverNotesForm } from "../components/ObserverNotesForm.tsx";
import { Participants } from "../components/Participants.tsx";
import { RoundsPanel } from "../components/RoundsPanel.tsx";
import { QuestionList } from "../components/QuestionList.tsx";
import { CurrentQuestionNotes, ScorecardForm } from "../components/ScorecardForm.tsx";
import { ScorecardView } from "../components/ScorecardView.tsx";
import { SharedNotes } from "../components/SharedNotes.tsx";
import { StageSummary } from "../components/StageSummary.tsx";
import { Timer } from "../components/Timer.tsx";
import { TimerControls } from "../components/TimerControls.tsx";
import type { DraftSync } from "../draft-sync.ts";
import { CallPanel } from "../features/call/index.ts";
import { observerNotesSync, scorecardDraftSync } from "../drafts.ts";
import { roleLabel } from "../format.ts";
import { debriefPath, navigate, scorecardPath } from "../router.ts";
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
            <Link href={debriefPath(state.roomId)} data-testid="debrief-link">
              Debrief
            </Link>
            {" · "}
            <button type="button" className="link-button" onClick={() => void leave()}>
              Leave room
            </button>
          </p>
        </div>
        <InviteLink roomId={state.roomId} />
      </section>
      <CallPanel client={session.client} me={me} participants={state.participants} />
      <RoundsPanel session={session} state={state} me={me} online={snapshot.connection === "online"} />
      {state.view === "interviewer" ? (
        // A new round (roles swapped) starts a new scorecard: a fresh draft for it.
        <InterviewerLayout key={state.round} session={session} snapshot={snapshot} state={state} meId={me.id} />
      ) : (
        <ParticipantLayout key={state.round} session={session} snapshot={snapshot} state={state} me={me} />
      )}
    </div>
  );
}

interface LayoutProps<S> {
  snapshot: SessionSnapshot;
  state: S;
  meId: string;
}

/** Follows the connection: saves wait while it is down and resume once the room is rejoined. */
function useDraftLifecycle<T>(sync: DraftSync<T>, snapshot: SessionSnapshot): void {
  useEffect(() => sync.start(), [sync]);
  useEffect(() => sync.setOnline(snapshot.connection === "online", snapshot.epoch), [sync, snapshot.connection, snapshot.epoch]);
}

/** The stage's questions (fetched once per tab), to name the asked ones on the scorecard. */
function useQuestionBank(session: RoomSession): Question[] | null {
  const [questions, setQuestions] = useState<Question[] | null>(null);
  useEffect(() => {
    let live = true;
    session.listQuestions().then(
      (list) => live && setQuestions(list),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [session]);
  return questions;
}

function InterviewerLayout({ session, snapshot, state, meId }: LayoutProps<InterviewerRoomState> & { session: RoomSession }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorBody | null>(null);
  const [sync] = useState(() => scorecardDraftSync(session.client));
  useDraftLifecycle(sync, snapshot);
  const submitted = state.scorecard !== null;
  useEffect(() => {
    if (submitted) sync.hold();
  }, [sync, submitted]);
  const bank = useQuestionBank(session);

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
            <InterviewerQuestion
              question={current}
              notes={current && !submitted ? <CurrentQuestionNotes sync={sync} question={{ id: current.id, prompt: current.prompt }} /> : null}
            />
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
        </div>
      </div>
      <div className="room-wide">
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

function ScorecardLinks({ roomId }: { roomId: string }) {
  return (
    <p className="scorecard-link">
      <Link href={scorecardPath(roomId)}>Open the scorecard on its own page</Link> to keep, download or print it, or see the{" "}
      <Link href={debriefPath(roomId)}>debrief</Link> of the whole session.
    </p>
  );
}

function ParticipantLayout({ session, snapshot, state, me }: Omit<LayoutProps<ParticipantRoomState>, "meId"> & { session: RoomSession; me: ParticipantView }) {
  const interviewer = state.participants.find((p) => p.role === "interviewer");
  const minutes = state.stage.segments.reduce((sum, s) => sum + s.minutes, 0);
  const shared = state.observerNotes.filter((notes) => notes.round === state.round);
  return (
    <div className="room-grid">
      <div className="room-main">
        {(state.scorecard || shared.length > 0) && (
          <div className="order-0">
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
        {me.role === "observer" && (
          <div className="order-3">
            <ObserverPanel session={session} snapshot={snapshot} state={state} meId={me.id} />
          </div>
        )}
        <div className="order-3">
          <Participants participants={state.participants} meId={me.id} activity={snapshot.activity} />
        </div>
      </div>
    </div>
  );
}

function ObserverPanel({ session, snapshot, state, meId }: LayoutProps<ParticipantRoomState> & { session: RoomSession }) {
  const [sync] = useState(() => observerNotesSync(session.client));
  useDraftLifecycle(sync, snapshot);
  const shared = state.observerNotes.find((notes) => notes.round === state.round && notes.observer.id === meId) ?? null;
  return (
    <ObserverNotesForm sync={sync} shared={shared} onShare={(requestId) => session.attempt((client) => client.shareObserverNotes(requestId))} />
  );
}
