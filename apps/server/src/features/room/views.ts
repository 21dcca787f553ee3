import type { ParticipantView, Role, RoomPatch, RoomSnapshot, RoomSummary, WireParticipant } from "@mockloop/protocol";
import type { QuestionBank } from "@mockloop/questions";
import { attendsCurrentRound, findParticipant, type ParticipantRecord, type RoomRecord } from "../../core/room-record.ts";
import { groupView } from "../groups/index.ts";
import { sharedNotesView } from "../observer-notes/index.ts";
import { promptView, stageInfo, suggestedQuestion } from "../questions/index.ts";
import { roundRubric, scorecardView } from "../scorecards/index.ts";
import { timerView } from "../timer/index.ts";

/**
 * Which shape of the room someone receives. Only the interviewer's view holds interviewer-only fields; a
 * latecomer — someone who joined after this round's scorecard was in — does not see this round's feedback.
 * Everyone of one class receives the same thing, so each change is one publish per class, not per person.
 */
export type ViewClass = "interviewer" | "attendee" | "latecomer";

export function viewClassOf(room: RoomRecord, participantId: string): ViewClass | undefined {
  const participant = findParticipant(room, participantId);
  if (!participant) return undefined;
  if (participant.role === "interviewer") return "interviewer";
  return attendsCurrentRound(room, participantId) ? "attendee" : "latecomer";
}

export function participantView(participant: ParticipantRecord, online: boolean): ParticipantView {
  return { id: participant.id, name: participant.name, role: participant.role, connected: online };
}

function wireParticipant({ id, name, role }: ParticipantRecord): WireParticipant {
  return { id, name, role };
}

type InterviewerFields = Omit<Extract<RoomSnapshot, { view: "interviewer" }>, "view" | "roomId" | "kind" | "version" | "online">;
type ParticipantFields = Omit<Extract<RoomSnapshot, { view: "participant" }>, "view" | "roomId" | "kind" | "version" | "online">;

/** The changing part of the room, as one class of viewer may see it. The only place room state becomes wire form. */
export function roomFields(bank: QuestionBank, room: RoomRecord, viewClass: "interviewer"): InterviewerFields;
export function roomFields(bank: QuestionBank, room: RoomRecord, viewClass: ViewClass): InterviewerFields | ParticipantFields;
export function roomFields(bank: QuestionBank, room: RoomRecord, viewClass: ViewClass): InterviewerFields | ParticipantFields {
  return new RoomViews(bank, room).fields(viewClass);
}

type SharedFields = Omit<ParticipantFields, "currentQuestion">;

/**
 * One record's views, each part built once however many classes ask for it, and each field's JSON made once:
 * a change compares the views before and after for every class, and most fields are the same objects in all.
 */
class RoomViews {
  private readonly shared = new Map<boolean, SharedFields>();
  private readonly byClass = new Map<ViewClass, InterviewerFields | ParticipantFields>();
  private readonly json = new WeakMap<object, string>();

  constructor(
    private readonly bank: QuestionBank,
    private readonly room: RoomRecord,
  ) {}

  fields(viewClass: "interviewer"): InterviewerFields;
  fields(viewClass: ViewClass): InterviewerFields | ParticipantFields;
  fields(viewClass: ViewClass): InterviewerFields | ParticipantFields {
    let fields = this.byClass.get(viewClass);
    if (!fields) {
      fields = this.build(viewClass);
      this.byClass.set(viewClass, fields);
    }
    return fields;
  }

  /** A field value's JSON, made once per value object. */
  jsonOf(value: unknown): string {
    if (typeof value !== "object" || value === null) return JSON.stringify(value) ?? "undefined";
    let text = this.json.get(value);
    if (text === undefined) {
      text = JSON.stringify(value);
      this.json.set(value, text);
    }
    return text;
  }

  private sharedFields(feedbackVisible: boolean): SharedFields {
    let shared = this.shared.get(feedbackVisible);
    if (shared) return shared;
    const { bank, room } = this;
    const common = this.shared.get(!feedbackVisible);
    shared = {
      group: common?.group ?? groupView(room),
      participants: common?.participants ?? room.participants.map(wireParticipant),
      round: room.round,
      askedQuestionIds: room.askedQuestionIds,
      pastRounds:
        common?.pastRounds ??
        room.pastRounds.map((past) => ({
          round: past.round,
          interviewer: past.interviewer,
          candidate: past.candidate,
          questionIds: past.askedQuestionIds,
          scorecardSubmitted: past.scorecardSubmitted,
        })),
      timer: common?.timer ?? timerView(room.timer),
      scorecard: feedbackVisible && room.scorecard ? scorecardView(bank, room, room.scorecard) : null,
      observerNotes: feedbackVisible ? sharedNotesView(room.observerNotes) : [],
    };
    this.shared.set(feedbackVisible, shared);
    return shared;
  }

  private build(viewClass: ViewClass): InterviewerFields | ParticipantFields {
    const { bank, room } = this;
    const current = room.currentQuestionId ? bank.findQuestion(room.trackId, room.currentQuestionId) : undefined;
    const shared = this.sharedFields(viewClass !== "latecomer");
    if (viewClass !== "interviewer") {
      const prompt = this.byClass.get(viewClass === "attendee" ? "latecomer" : "attendee")?.currentQuestion;
      return { ...shared, currentQuestion: prompt ?? (current ? promptView(current) : null) };
    }
    const rubric = roundRubric(bank, room);
    return {
      ...shared,
      currentQuestion: current ?? null,
      suggestedQuestionId: suggestedQuestion(bank, room)?.id ?? null,
      rubric: { competencies: rubric.competencies, principles: rubric.principles },
    };
  }
}

const wireView = (viewClass: ViewClass) => (viewClass === "interviewer" ? "interviewer" : "participant");

/** The whole room for one viewer: on join, rejoin, `room:sync`, and when a change of role or round changes their view. */
export function roomSnapshot(bank: QuestionBank, room: RoomRecord, viewClass: ViewClass, online: readonly string[]): RoomSnapshot {
  return {
    view: wireView(viewClass),
    roomId: room.id,
    kind: room.kind,
    version: room.version,
    online: online.filter((id) => room.participants.some((participant) => participant.id === id)),
    ...roomFields(bank, room, viewClass),
  } as RoomSnapshot;
}

/**
 * The patches of one change, one per class, asked for as needed: the views before and after are each built
 * once for all the classes.
 */
export function roomPatches(bank: QuestionBank, before: RoomRecord, after: RoomRecord): (viewClass: ViewClass) => RoomPatch {
  const old = new RoomViews(bank, before);
  const now = new RoomViews(bank, after);
  return (viewClass) => {
    const was = old.fields(viewClass) as Record<string, unknown>;
    const changes: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(now.fields(viewClass))) if (now.jsonOf(value) !== old.jsonOf(was[field])) changes[field] = value;
    return { view: wireView(viewClass), roomId: after.id, version: after.version, changes } as RoomPatch;
  };
}

/** One change in one class's view: the fields whose value differs, whole. Empty changes still carry the version. */
export function roomPatch(bank: QuestionBank, before: RoomRecord, after: RoomRecord, viewClass: ViewClass): RoomPatch {
  return roomPatches(bank, before, after)(viewClass);
}

/** What an invite link tells someone before they join: the stage and the open seats, never who is inside. */
export function roomSummary(bank: QuestionBank, room: RoomRecord, openRoles: Role[]): RoomSummary {
  return { roomId: room.id, kind: room.kind, stage: stageInfo(bank, room.trackId, room.stageId), openRoles };
}
