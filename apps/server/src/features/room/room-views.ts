import type { RoomSnapshot, WireParticipant } from "@mockloop/protocol";
import type { QuestionBank } from "@mockloop/questions";
import { questionsAskedInRoom, type ParticipantRecord, type RoomRecord } from "../../core/room-record.ts";
import { groupView } from "../groups/index.ts";
import { sharedNotesView } from "../observer-notes/index.ts";
import { promptView, suggestedQuestion } from "../questions/index.ts";
import { roundRubric, scorecardView } from "../scorecards/index.ts";
import { timerView } from "../timer/index.ts";
import { RecentlyUsed } from "../../core/recently-used.ts";

/**
 * Which shape of the room someone receives. Only the interviewer's view holds interviewer-only fields; a
 * latecomer — someone who joined after this round's scorecard was in — does not see this round's feedback.
 * Everyone of one class receives the same thing, so each change is one publish per class, not per person.
 */
export type ViewClass = "interviewer" | "attendee" | "latecomer";

export type InterviewerFields = Omit<Extract<RoomSnapshot, { view: "interviewer" }>, "view" | "roomId" | "kind" | "version" | "online">;
export type ParticipantFields = Omit<Extract<RoomSnapshot, { view: "participant" }>, "view" | "roomId" | "kind" | "version" | "online">;
type FieldName = keyof InterviewerFields;

const participantFields = ["group", "participants", "round", "askedQuestionIds", "pastRounds", "timer", "scorecard", "observerNotes", "currentQuestion"] as const;
const interviewerFields = [...participantFields, "suggestedQuestionId", "rubric"] as const;

/**
 * The inputs of the costly fields, as short text: two records with the same key have the same value of that
 * field in every view, so a change that leaves the key alone need not build or compare the field at all.
 */
const inputKeys: Partial<Record<FieldName, (room: RoomRecord) => string>> = {
  currentQuestion: (room) => room.currentQuestionId ?? "",
  suggestedQuestionId: (room) =>
    [room.trackId, room.stageId, room.timer.status === "finished" ? "finished" : `in:${room.timer.segments[room.timer.segmentIndex]?.id ?? ""}`, ...questionsAskedInRoom(room)].join(" "),
  rubric: (room) => [room.trackId, room.stageId, ...room.askedQuestionIds].join(" "),
  // Past rounds are only ever replaced by a longer list (`RoomRecord.pastRounds`): their count says which.
  pastRounds: (room) => String(room.pastRounds.length),
};

/**
 * Fields whose key holds all their inputs but the bank, so their value is the same in every room with that key.
 * Built once per key and shared: a change builds them for the room before and after it, and the room before is
 * often the one the last change built them for (and other rooms at the same point often share them too).
 */
const sharedFields: ReadonlySet<FieldName> = new Set<FieldName>(["suggestedQuestionId", "rubric"]);
/** A few thousand values of small objects over the bank's own, per bank. */
const SHARED_VALUES_KEPT = 2_000;
const sharedValues = new WeakMap<QuestionBank, RecentlyUsed<string, unknown>>();

function sharedValuesOf(bank: QuestionBank): RecentlyUsed<string, unknown> {
  let values = sharedValues.get(bank);
  if (!values) sharedValues.set(bank, (values = new RecentlyUsed(SHARED_VALUES_KEPT)));
  return values;
}

function wireParticipant({ id, name, role }: ParticipantRecord): WireParticipant {
  return { id, name, role };
}

/**
 * One record's views, each field built when first asked for and once for all the classes it looks the same
 * to: a change compares the views before and after for every class.
 */
export class RoomViews {
  private readonly values = new Map<string, unknown>();
  private readonly keys = new Map<FieldName, string | undefined>();

  constructor(
    private readonly bank: QuestionBank,
    private readonly room: RoomRecord,
  ) {}

  static fieldsOf(viewClass: ViewClass): readonly FieldName[] {
    return viewClass === "interviewer" ? interviewerFields : participantFields;
  }

  fields(viewClass: "interviewer"): InterviewerFields;
  fields(viewClass: ViewClass): InterviewerFields | ParticipantFields;
  fields(viewClass: ViewClass): InterviewerFields | ParticipantFields {
    return Object.fromEntries(RoomViews.fieldsOf(viewClass).map((field) => [field, this.value(viewClass, field)])) as unknown as InterviewerFields;
  }

  /** The key of a field's inputs, for the fields that have one. */
  key(field: FieldName): string | undefined {
    if (!this.keys.has(field)) this.keys.set(field, inputKeys[field]?.(this.room));
    return this.keys.get(field);
  }

  value(viewClass: ViewClass, field: FieldName): unknown {
    // Feedback is hidden from latecomers; the question is whole for the interviewer only; the rest is alike for all.
    const scope = field === "scorecard" || field === "observerNotes" ? viewClass === "latecomer" : field === "currentQuestion" ? viewClass === "interviewer" : "";
    const memo = `${field}:${scope}`;
    if (!this.values.has(memo)) this.values.set(memo, sharedFields.has(field) ? this.shared(viewClass, field) : this.build(viewClass, field));
    return this.values.get(memo);
  }

  /** A shared field's value, from the values built for its key (read-only: every room with the key has it). */
  private shared(viewClass: ViewClass, field: FieldName): unknown {
    const values = sharedValuesOf(this.bank);
    const key = `${field} ${this.key(field) ?? ""}`;
    let value = values.get(key);
    if (value === undefined) values.set(key, (value = Object.freeze(this.build(viewClass, field))));
    return value;
  }

  private build(viewClass: ViewClass, field: FieldName): unknown {
    const { bank, room } = this;
    const feedbackVisible = viewClass !== "latecomer";
    switch (field) {
      case "group":
        return groupView(room);
      case "participants":
        return room.participants.map(wireParticipant);
      case "round":
        return room.round;
      case "askedQuestionIds":
        return room.askedQuestionIds;
      case "pastRounds":
        return room.pastRounds.map((past) => ({
          round: past.round,
          interviewer: past.interviewer,
          candidate: past.candidate,
          questionIds: past.askedQuestionIds,
          scorecardSubmitted: past.scorecardSubmitted,
        }));
      case "timer":
        return timerView(room.timer);
      case "scorecard":
        return feedbackVisible && room.scorecard ? scorecardView(bank, room, room.scorecard) : null;
      case "observerNotes":
        return feedbackVisible ? sharedNotesView(room.observerNotes) : [];
      case "currentQuestion": {
        const current = room.currentQuestionId ? bank.findQuestion(room.trackId, room.currentQuestionId) : undefined;
        if (!current) return null;
        return viewClass === "interviewer" ? current : promptView(current);
      }
      case "suggestedQuestionId":
        return suggestedQuestion(bank, room)?.id ?? null;
      case "rubric": {
        const rubric = roundRubric(bank, room);
        return { competencies: rubric.competencies, principles: Object.freeze(rubric.principles) };
      }
    }
  }
}
