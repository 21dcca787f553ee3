import { callEventSchema, type CallServerEvent } from "@mockloop/protocol";
import type { Cluster, Redis } from "ioredis";
import { randomText } from "../../core/ids.ts";
import { SeenRecently } from "../../core/recently-used.ts";
import { channels } from "../../transport/channels.ts";
import type { RoomServer } from "../../transport/socket-types.ts";

type Payload<E extends CallServerEvent["event"]> = Extract<CallServerEvent, { event: E }>["payload"];

/**
 * Carries the call's events to the connections they are for, on every node, and keeps none of them. Not
 * through the Socket.IO adapter: its Redis stream keeps every event for replay, and offers, answers and ICE
 * candidates (which hold people's IP addresses) must never be stored. With Redis, each event is published on
 * one pub/sub channel (fire and forget) and every node hands it to its own connections; in one process, it
 * goes straight to them.
 *
 * A publish Redis ran whose answer was lost (the connection dropped in between) is sent again by the Redis client
 * once it reconnects, and Redis hands it on twice: a second copy of an offer or an answer would reach the peer's
 * negotiation in a state it no longer fits. So each publish carries its relay's id and a number, and a node drops
 * a message it has already handed on.
 */
export interface SignalRelay {
  toParticipant<E extends CallServerEvent["event"]>(participantId: string, event: E, payload: Payload<E>): Promise<void>;
  toRoom<E extends CallServerEvent["event"]>(roomId: string, event: E, payload: Payload<E>): Promise<void>;
  close(): Promise<void>;
}

export interface SignalRelayDeps {
  io: RoomServer;
  /** The caller's Redis client; the relay subscribes on a duplicate it owns. */
  redis?: Redis | Cluster;
  channel: string;
  onError(error: unknown): void;
}

/**
 * How many messages a node remembers having handed on, from every node: a copy comes at most as many publishes
 * after its first as were out on its connection when that dropped.
 */
const MESSAGES_REMEMBERED = 10_000;

export function createSignalRelay({ io, redis, channel, onError }: SignalRelayDeps): SignalRelay {
  const deliver = (target: string, message: CallServerEvent) => {
    // The typed emit cannot follow the event through the union; callEventSchema has checked the pair.
    (io.local.to(target).emit as (event: string, payload: unknown) => boolean)(message.event, message.payload);
  };
  if (!redis) {
    return {
      toParticipant: async (participantId, event, payload) => deliver(channels.participant(participantId), { event, payload } as CallServerEvent),
      toRoom: async (roomId, event, payload) => deliver(channels.room(roomId), { event, payload } as CallServerEvent),
      close: async () => undefined,
    };
  }

  const relayId = randomText(9);
  let published = 0;
  const handedOn = new SeenRecently(MESSAGES_REMEMBERED);
  const subscriber = redis.duplicate();
  subscriber.on("error", onError);
  subscriber.on("message", (from: string, raw: string) => {
    if (from !== channel) return;
    try {
      const { target, message, sent } = JSON.parse(raw) as { target: string; message: unknown; sent?: string };
      if (sent !== undefined && handedOn.repeat(sent)) return;
      deliver(target, callEventSchema.parse(message));
    } catch (error) {
      onError(error);
    }
  });
  const subscribed = subscriber.subscribe(channel);
  // Each publish awaits it and reports its failure; this only keeps a close during an outage from being unhandled.
  subscribed.catch(() => undefined);
  const publish = async (target: string, message: CallServerEvent) => {
    await subscribed;
    await redis.publish(channel, JSON.stringify({ target, message, sent: `${relayId} ${++published}` }));
  };
  return {
    toParticipant: (participantId, event, payload) => publish(channels.participant(participantId), { event, payload } as CallServerEvent),
    toRoom: (roomId, event, payload) => publish(channels.room(roomId), { event, payload } as CallServerEvent),
    close: async () => {
      await subscriber.quit().catch(() => subscriber.disconnect());
    },
  };
}
