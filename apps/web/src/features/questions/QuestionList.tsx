import type { RoomClient } from "@mockloop/protocol/client";
import type { Question, Segment } from "@mockloop/questions/model";
import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { errorBodyOf } from "../../shared/api/request.ts";
import { ErrorMessage } from "../../shared/ui/ErrorMessage.tsx";
import { questionBankQuery } from "./queries.ts";
import { filterQuestions, principlesOf, segmentOf, slugLabel, type QuestionFilter } from "./questions.ts";
import ui from "../../shared/ui/ui.module.css";
import clsx from "clsx";
import styles from "./QuestionList.module.css";

interface QuestionListProps {
  roomId: string;
  client: RoomClient;
  segments: Segment[];
  /** The part of the round the timer is in; the list opens on its questions. */
  timerSegmentId: string | null;
  askedIds: string[];
  currentId: string | null;
  /** The server's suggestion for the next question; the interviewer accepts it or picks another. */
  suggestedId: string | null;
  onPush: (questionId: string) => void;
  busy: boolean;
}

const PAGE = 8;
const DIFFICULTIES = ["any", "warm-up", "standard", "hard"] as const;

/** The interviewer's bank for this stage, by part of the round, searchable: push one to put its prompt on every screen. */
export function QuestionList({ roomId, client, segments, timerSegmentId, askedIds, currentId, suggestedId, onPush, busy }: QuestionListProps) {
  const ids = useId();
  const bank = useQuery(questionBankQuery(roomId, client));
  const questions = bank.data ?? null;
  const error = bank.error ? errorBodyOf(bank.error) : null;
  /** "auto" follows the timer's part of the round until the interviewer picks a tab. */
  const [chosen, setChosen] = useState<string>("auto");
  const [search, setSearch] = useState("");
  const [difficulty, setDifficulty] = useState<QuestionFilter["difficulty"]>("any");
  const [principle, setPrinciple] = useState("any");
  const [hideAsked, setHideAsked] = useState(true);
  const [limit, setLimit] = useState(PAGE);

  const asking = segments.filter((segment) => segment.categories.length > 0);
  const tabs = asking.length > 1 ? asking : [];
  const followed = asking.find((segment) => segment.id === timerSegmentId) ?? asking[0];
  const segment = chosen === "auto" ? (tabs.length > 0 && followed ? followed.id : "all") : chosen;
  const filter: QuestionFilter = { segment, search, difficulty, principle, askedIds, hideAsked, currentId };
  const suggested = suggestedId ? questions?.find((question) => question.id === suggestedId) : undefined;
  const shown = questions ? filterQuestions(questions, segments, filter) : [];
  const count = (segmentId: string) => questions?.filter((q) => segmentOf(q, segments) === segmentId).length ?? 0;

  function choose(next: string) {
    setChosen(next);
    setLimit(PAGE);
  }

  return (
    <section className={ui.card} aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Questions for this stage</h2>
      {error && <ErrorMessage error={error} />}
      {!questions && !error && <p className={ui.muted}>Loading questions…</p>}
      {questions?.length === 0 && <p className={ui.muted}>This stage has no questions yet.</p>}
      {questions && questions.length > 0 && (
        <>
          {suggested && (
            <div className={styles.suggested} data-testid="suggested-question">
              <p className={clsx(ui.eyebrow, styles.label)}>Suggested next</p>
              {/* "question-prompt" names the prompt for the browser tests. */}
              <p className={clsx(styles.questionPrompt, "question-prompt")}>{suggested.prompt}</p>
              <div className={styles.questionMeta}>
                <span className={ui.tag}>~{suggested.suggestedMinutes} min</span>
                {suggested.principles.slice(0, 2).map((p) => (
                  <span key={p} className={clsx(ui.tag, ui.principle)}>
                    {slugLabel(p)}
                  </span>
                ))}
                <button type="button" className={clsx(ui.button, ui.small, styles.push)} data-testid="push-suggested" disabled={busy} onClick={() => onPush(suggested.id)}>
                  Push this one
                </button>
              </div>
              <p className={clsx(ui.hint, styles.orPick)}>Or pick another below.</p>
            </div>
          )}
          {tabs.length > 0 && (
            <div className={styles.tabs} role="group" aria-label="Part of the round">
              {tabs.map((s) => (
                <button
                  key={s.id}
                  type="button"
                  className={clsx(styles.tab, segment === s.id && styles.selected)}
                  aria-pressed={segment === s.id}
                  data-testid={`question-segment-${s.id}`}
                  onClick={() => choose(s.id)}
                >
                  {s.name} <span className={styles.tabCount}>{count(s.id)}</span>
                  {s.id === timerSegmentId && <span className="visually-hidden"> (current part)</span>}
                  {s.id === timerSegmentId && <span className={styles.tabDot} aria-hidden="true" />}
                </button>
              ))}
              <button
                type="button"
                className={clsx(styles.tab, segment === "all" && styles.selected)}
                aria-pressed={segment === "all"}
                data-testid="question-segment-all"
                onClick={() => choose("all")}
              >
                All <span className={styles.tabCount}>{questions.length}</span>
              </button>
            </div>
          )}
          <div className={styles.questionFilters}>
            <div className={clsx(ui.field, styles.grow)}>
              <label htmlFor={`${ids}-search`}>Search</label>
              <input
                id={`${ids}-search`}
                type="text"
                data-testid="question-search"
                placeholder="Words in the question or a principle"
                value={search}
                onChange={(event) => {
                  setSearch(event.target.value);
                  setLimit(PAGE);
                }}
              />
            </div>
            <div className={ui.field}>
              <label htmlFor={`${ids}-principle`}>Principle</label>
              <select
                id={`${ids}-principle`}
                data-testid="question-principle"
                value={principle}
                onChange={(event) => {
                  setPrinciple(event.target.value);
                  setLimit(PAGE);
                }}
              >
                <option value="any">Any</option>
                {principlesOf(questions).map((p) => (
                  <option key={p} value={p}>
                    {slugLabel(p)}
                  </option>
                ))}
              </select>
            </div>
            <div className={ui.field}>
              <label htmlFor={`${ids}-difficulty`}>Difficulty</label>
              <select
                id={`${ids}-difficulty`}
                value={difficulty}
                onChange={(event) => {
                  setDifficulty(event.target.value as QuestionFilter["difficulty"]);
                  setLimit(PAGE);
                }}
              >
                {DIFFICULTIES.map((d) => (
                  <option key={d} value={d}>
                    {d === "any" ? "Any" : slugLabel(d)}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <label className={clsx(ui.checkbox, styles.hideAsked)}>
            <input type="checkbox" data-testid="question-hide-asked" checked={hideAsked} onChange={(event) => setHideAsked(event.target.checked)} />
            Hide questions already asked in this room
          </label>
          <p className={clsx(ui.hint, styles.shown)} aria-live="polite">
            {shown.length === 0 ? "No question matches." : `${Math.min(limit, shown.length)} of ${shown.length} shown`}
          </p>
          <ol className={styles.questionList} data-testid="question-list">
            {shown.slice(0, limit).map((question) => (
              <QuestionItem
                key={question.id}
                question={question}
                current={question.id === currentId}
                asked={askedIds.includes(question.id)}
                busy={busy}
                onPush={onPush}
              />
            ))}
          </ol>
          {shown.length > limit && (
            <button type="button" className={clsx(ui.button, ui.secondary, styles.more)} onClick={() => setLimit((n) => n + PAGE * 2)}>
              Show more ({shown.length - limit} left)
            </button>
          )}
        </>
      )}
    </section>
  );
}

interface QuestionItemProps {
  question: Question;
  current: boolean;
  asked: boolean;
  busy: boolean;
  onPush: (questionId: string) => void;
}

function QuestionItem({ question, current, asked, busy, onPush }: QuestionItemProps) {
  return (
    <li className={clsx(styles.questionItem, current && styles.current)}>
      <p className={styles.questionPrompt}>{question.prompt}</p>
      <div className={styles.questionMeta}>
        <span className={ui.tag}>{question.difficulty}</span>
        <span className={ui.tag}>~{question.suggestedMinutes} min</span>
        {question.principles.slice(0, 2).map((principle) => (
          <span key={principle} className={clsx(ui.tag, ui.principle)}>
            {slugLabel(principle)}
          </span>
        ))}
        {current ? <span className={clsx(ui.tag, ui.accent)}>On screen</span> : asked && <span className={clsx(ui.tag, ui.done)}>Asked</span>}
        <button
          type="button"
          className={clsx(ui.button, ui.small, styles.push)}
          data-testid={`push-question-${question.id}`}
          aria-label={`Push question: ${question.prompt}`}
          disabled={busy || current}
          onClick={() => onPush(question.id)}
        >
          {asked && !current ? "Push again" : "Push"}
        </button>
      </div>
    </li>
  );
}
