import type { QuestionBank } from "@mockloop/questions";
import type { StoreClock } from "../../core/clock.ts";
import type { RoomRecord } from "../../core/room-record.ts";
import { withRetries } from "../../core/retry.ts";
import type { ChannelBroadcast, OutboxEvent, RoomStore } from "../../core/room-store.ts";
import { broadcast, broadcastTo, deliverHere, reaches, streamEntryOf } from "../../transport/broadcast.ts";
import { channels, participantsOfChannels, roomOfChannels } from "../../transport/channels.ts";
import type { OwnEntries } from "../../transport/own-entries.ts";
import type { RoomPublisher } from "../../transport/room-publisher.ts";
import type { RoomServer } from "../../transport/socket-types.ts";
import type { PresenceStore } from "./port.ts";
import { roomPatches, roomSnapshot, viewClassOf, type ViewClass } from "./views.ts";

export interface RoomPublisherDeps {
  io: RoomServer;
  bank: QuestionBank;
  store: RoomStore;
  presence: PresenceStore;
  now: StoreClock;
  /** With Redis: the entries this node appends with its writes, which it delivers to its own connections itself. */
  ownEntries?: OwnEntries | undefined;
  /** Told when a room could not be resent after a lost answer (`resendAfterLostAnswer`). */
  onError?: (error: unknown) => void;
}

/** How many times a room is read to be resent after a lost answer, and the wait before the first retry (ms, doubling). */
const RESEND_ATTEMPTS = 4;
const RESEND_FIRST_RETRY_MS = 250;

/**
 * Emits through Socket.IO (with Redis, through the stream every node reads). Each change goes out once per view
 * class — the interviewer's, the attendees', the latecomers' — whoever is in it. On one Redis the store appends
 * these to the stream in the change's own write (`streamAnnouncer`); otherwise they are sent after the write and
 * then confirmed to the store, so that a change whose node dies before announcing it is found and resent by
 * another node.
 */
export function createRoomPublisher({ io, bank, store, presence, now, ownEntries, onError }: RoomPublisherDeps): RoomPublisher {
  const emitEvents = async (roomId: string, events: readonly OutboxEvent[]) => {
    for (const { event, payload } of events) await broadcast(io, { to: [channels.room(roomId)] }, event, payload);
  };

  /** Snapshots, one per participant, for those whose view a change replaced (or everyone, on a resend). */
  const sendSnapshots = async (room: RoomRecord, participantIds: readonly string[]) => {
    if (participantIds.length === 0) return;
    const online = await presence.online(room.id);
    const byClass = new Map<ViewClass, string[]>();
    for (const id of participantIds) {
      const viewClass = viewClassOf(room, id);
      if (viewClass) byClass.set(viewClass, [...(byClass.get(viewClass) ?? []), id]);
    }
    for (const [viewClass, ids] of byClass) {
      await broadcast(io, { to: ids.map(channels.participant) }, "room:snapshot", roomSnapshot(bank, room, viewClass, online));
    }
  };

  /** Resends what the store holds unconfirmed — the whole room and the pending events — and confirms it. */
  const settle = async (roomId: string) => {
    const pending = await store.pendingAnnouncement(roomId);
    if (!pending) {
      await store.markAnnounced(roomId, 0);
      return;
    }
    // A change nobody confirmed: resend the whole room to everyone (clients keep the newest version), then its events.
    await sendSnapshots(pending.room, pending.room.participants.map((participant) => participant.id));
    await emitEvents(roomId, pending.events);
    await store.markAnnounced(roomId, pending.room.version);
  };

  /**
   * Redis ran one of this node's writes and the node never heard its answer: the entries the write appended
   * reach this node's people from the stream (`OwnEntries`), but not what the node would have delivered to
   * them alone (the interviewer's view, when no interviewer is on another node), so the whole room follows.
   */
  const roomsToResend = new Set<string>();
  const resendAfterLostAnswer = (roomId: string) =>
    withRetries(
      async () => {
        const room = await store.getRoom(roomId);
        if (room) await sendSnapshots(room, room.participants.map((participant) => participant.id));
      },
      { attempts: RESEND_ATTEMPTS, firstRetryMs: RESEND_FIRST_RETRY_MS },
    ).catch((error: unknown) => onError?.(error));
  ownEntries?.onUnanswered((broadcast, offset) => {
    deliverHere(io, broadcast, offset);
    const roomId = roomOfChannels(broadcast.to);
    if (roomId === undefined || roomsToResend.has(roomId)) return;
    // The write's other entries come in the same read: the room is resent once, after them.
    roomsToResend.add(roomId);
    setImmediate(() => {
      roomsToResend.delete(roomId);
      void resendAfterLostAnswer(roomId);
    });
  });

  /**
   * What a change sends: one patch per view class to those who keep their view, then the change's events; and
   * who gets a snapshot instead, because the change replaced their view (a new role, a new round). Newcomers
   * have the room in their join answer.
   */
  const planChange = (before: RoomRecord, room: RoomRecord, events: readonly OutboxEvent[]) => {
    const classes = new Map<string, ViewClass>();
    const replaced: string[] = [];
    for (const participant of room.participants) {
      const after = viewClassOf(room, participant.id) as ViewClass;
      const earlier = viewClassOf(before, participant.id);
      classes.set(participant.id, after);
      if (earlier && earlier !== after) replaced.push(participant.id);
    }
    const inClass = (viewClass: ViewClass) => [...classes].filter(([id, value]) => value === viewClass && !replaced.includes(id)).map(([id]) => id);
    const interviewers = inClass("interviewer");
    const latecomers = inClass("latecomer");
    const patch = roomPatches(bank, before, room);
    const patches: ChannelBroadcast[] = [
      // Attendees: everyone in the room's channel but the interviewer, latecomers and those getting a snapshot.
      {
        to: [channels.room(room.id)],
        except: [...classes].filter(([id, value]) => value !== "attendee" || replaced.includes(id)).map(([id]) => channels.participant(id)),
        event: "room:patch",
        payload: patch("attendee"),
      },
      ...(interviewers.length > 0 ? [{ to: interviewers.map(channels.participant), except: [], event: "room:patch" as const, payload: patch("interviewer") }] : []),
      ...(latecomers.length > 0 ? [{ to: latecomers.map(channels.participant), except: [], event: "room:patch" as const, payload: patch("latecomer") }] : []),
    ];
    const eventBroadcasts = events.map((event): ChannelBroadcast => ({ ...event, to: [channels.room(room.id)], except: [] }));
    return { patches, eventBroadcasts, replaced };
  };

  return {
    changed: async ({ changed, before, room, events, earlierUnannounced, announcedWithWrite }, answered) => {
      if (!changed) return undefined;
      // The connection whose answer carries this version is left out of its patches (only patches: events are news to it).
      const isPatch = (broadcast: ChannelBroadcast): broadcast is Extract<ChannelBroadcast, { event: "room:patch" }> => broadcast.event === "room:patch";
      const forOthers = (broadcast: ChannelBroadcast): ChannelBroadcast =>
        answered && isPatch(broadcast) ? { ...broadcast, except: [...broadcast.except, answered.id] } : broadcast;
      const answeredPatch = (broadcasts: readonly ChannelBroadcast[]) => {
        for (const broadcast of broadcasts) if (answered && isPatch(broadcast) && reaches(broadcast, answered)) return broadcast.payload;
        return undefined;
      };
      // Announced with the write: the other nodes deliver it from the stream; this node's own people get it here.
      if (announcedWithWrite) {
        announcedWithWrite.broadcasts.forEach((broadcast, index) => deliverHere(io, forOthers(broadcast), announcedWithWrite.offsets[index]));
        return answeredPatch(announcedWithWrite.broadcasts);
      }
      // A change before this one was never confirmed: send everything pending, in order, this change included.
      if (earlierUnannounced) {
        await settle(room.id);
        return undefined;
      }
      const { patches, replaced } = planChange(before, room, events);
      // Each person gets one of these, so they go out together (one write to Redis each), not one round trip after another.
      await Promise.all([...patches.map((patch) => broadcastTo(io, forOthers(patch))), sendSnapshots(room, replaced)]);
      // The change's events (segment ends) follow the change itself.
      await emitEvents(room.id, events);
      // This confirms only this change; if an earlier one is still unconfirmed (its node died), resend it now.
      if (!(await store.markAnnounced(room.id, room.version, before.version))) await settle(room.id);
      return answeredPatch(patches);
    },
    streamAnnouncer: ({ streamKey, maxLen }) => ({
      streamKey,
      maxLen,
      broadcastsOf: (before, room, events) => {
        const { patches, eventBroadcasts, replaced } = planChange(before, room, events);
        return replaced.length > 0 ? undefined : [...patches, ...eventBroadcasts];
      },
      entryOf: (broadcast) => streamEntryOf(io, broadcast),
      nodeId: presence.nodeId,
      participantsOf: ({ to }) => participantsOfChannels(to),
      write: (run, appendedBy) => (ownEntries ? ownEntries.write(run, appendedBy) : run()),
    }),
    settle,
    presence: (roomId, participantId, online, answered) =>
      broadcast(io, { to: [channels.room(roomId)], except: answered ? [answered.id] : [] }, "room:presence", { roomId, participantId, online }),
    activity: async (roomId, type, participant, origin) => {
      const connected = type === "joined" || type === "reconnected";
      const activity = { type, participant: { id: participant.id, name: participant.name, role: participant.role, connected }, at: await now() };
      await broadcast(io, { to: [channels.room(roomId)], except: origin ? [origin.id] : [] }, "room:activity", activity);
    },
    toRoom: (roomId, event, payload) => broadcast(io, { to: [channels.room(roomId)] }, event, payload),
    toOtherTabs: async (origin, participantId, event, payload) => {
      const target = { to: [channels.participant(participantId)], except: [origin.id] };
      // Most people have one tab, and every node reads and decodes what goes into the stream (an autosave every
      // few seconds each): it carries this only when they have a connection on another node. Unsure (Redis
      // blinking), it goes as before, through the stream's client, which waits the blink out.
      const roomId = origin.data.roomId;
      const elsewhere = roomId === undefined || (await presence.connectedElsewhere(roomId, participantId).catch(() => true));
      if (elsewhere) return broadcast(io, target, event, payload);
      deliverHere(io, { ...target, event, payload } as ChannelBroadcast, undefined);
    },
  };
}
