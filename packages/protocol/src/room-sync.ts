import type { RoomPatch, RoomPresence, RoomSnapshot, RoomState, StageInfo, WireParticipant } from "./schemas.ts";

/**
 * How a client keeps its copy of the room: it starts from a snapshot (join, rejoin, `room:sync`), applies each
 * patch whose version follows its own (holding one that came ahead of a missing version for a moment), and
 * applies presence changes as they come. Pure functions, shared by
 * the typed client and its tests.
 */

export type PatchOutcome =
  /** The patch was applied: the new state. */
  | { kind: "applied"; state: RoomState }
  /** Already seen (a resend, or one that crossed a snapshot): nothing to do. */
  | { kind: "stale" }
  /** A later version of the same view: one before it is still on its way (another node's change, through the stream). */
  | { kind: "ahead" }
  /** The view changed: ask for a snapshot. */
  | { kind: "gap" };

function withPresence(participants: readonly WireParticipant[], online: ReadonlySet<string>) {
  return participants.map((participant) => ({ ...participant, connected: online.has(participant.id) }));
}

export function stateFromSnapshot(snapshot: RoomSnapshot, stage: StageInfo): RoomState {
  const { online, ...rest } = snapshot;
  return { ...rest, stage, participants: withPresence(snapshot.participants, new Set(online)) } as RoomState;
}

export function applyPatch(state: RoomState, patch: RoomPatch, online: ReadonlySet<string>): PatchOutcome {
  if (patch.roomId !== state.roomId || patch.version <= state.version) return { kind: "stale" };
  if (patch.view !== state.view) return { kind: "gap" };
  if (patch.version !== state.version + 1) return { kind: "ahead" };
  const { participants, ...changes } = patch.changes;
  const next = { ...state, ...changes, version: patch.version } as RoomState;
  if (participants) next.participants = withPresence(participants, online);
  return { kind: "applied", state: next };
}

export function applyPresence(state: RoomState, presence: RoomPresence): RoomState {
  if (presence.roomId !== state.roomId) return state;
  const participants = state.participants.map((participant) =>
    participant.id === presence.participantId ? { ...participant, connected: presence.online } : participant,
  );
  return { ...state, participants } as RoomState;
}
