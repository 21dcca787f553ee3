import type { ServerEventName, ServerEventPayload } from "@mockloop/protocol";
import type { ChannelBroadcast } from "../core/room-store.ts";
import { WRITTEN_WITH_ROOM } from "./own-entries.ts";
import type { RoomServer, RoomSocket } from "./socket-types.ts";

/** Socket.IO's packet type for an event (socket.io-parser's PacketType.EVENT). */
const EVENT_PACKET = 2;
/** The cluster adapter's message type for a broadcast (socket.io-adapter's MessageType.BROADCAST). */
const BROADCAST_MESSAGE = 3;

/**
 * Emits to channels and resolves once the adapter has published the event: with Redis, once it is in the
 * stream every node reads (so a change can then be confirmed announced); in one process, at once. The same
 * call `io.to(…).except(…).emit(…)` makes, through the adapter's documented `broadcast`, whose promise
 * `emit` drops.
 */
export async function broadcast<E extends ServerEventName>(
  io: RoomServer,
  target: { to: readonly string[]; except?: readonly string[] },
  event: E,
  payload: ServerEventPayload<E>,
): Promise<void> {
  if (target.to.length === 0) return;
  const adapter = io.of("/").adapter;
  const packet = { type: EVENT_PACKET, data: [event, payload], nsp: "/" };
  await Promise.resolve(adapter.broadcast(packet, { rooms: new Set(target.to), except: new Set(target.except ?? []), flags: {} }));
}

/** The adapter's rule: a connection is sent a broadcast when it is in one of the `to` channels and none of the `except` ones (its id is one of its channels). */
function isTarget(inChannel: (channel: string) => boolean, { to, except }: Pick<ChannelBroadcast, "to" | "except">): boolean {
  return to.some(inChannel) && !except.some(inChannel);
}

/** Whether a broadcast reaches a connection. */
export function reaches(broadcast: Pick<ChannelBroadcast, "to" | "except">, socket: RoomSocket): boolean {
  return isTarget((channel) => socket.rooms.has(channel), broadcast);
}

/** `broadcast` of one `ChannelBroadcast`. */
export function broadcastTo(io: RoomServer, { to, except, event, payload }: ChannelBroadcast): Promise<void> {
  return broadcast(io, { to, except }, event, payload as ServerEventPayload<typeof event>);
}

/**
 * A broadcast as the entry the Redis streams adapter writes for `io.to(…).except(…).emit(…)`: fields uid (this
 * node's adapter, which skips its own entries), nsp, type and data (the packet and its targets, as JSON). The
 * store appends these in a change's own write (`StreamAnnouncer`) and this node delivers its part itself
 * (`deliverHere`), as the adapter does when it writes one; a last field marks them so (`OwnEntries`), which the
 * adapter does not read. Our payloads are plain JSON, so the adapter's binary form (msgpack) never applies.
 */
export function streamEntryOf(io: RoomServer, { to, except, event, payload }: ChannelBroadcast): string[] {
  const data: StreamEntryData = { packet: { type: EVENT_PACKET, data: [event, payload], nsp: "/" }, opts: { rooms: to, except, flags: {} } };
  return ["uid", adapterId(io), "nsp", "/", "type", String(BROADCAST_MESSAGE), "data", JSON.stringify(data), ...WRITTEN_WITH_ROOM];
}

/** An entry's `data` as `streamEntryOf` writes it. */
interface StreamEntryData {
  packet: { type: number; data: [event: string, payload: unknown]; nsp: string };
  opts: { rooms: readonly string[]; except: readonly string[]; flags: Record<string, never> };
}

/** The broadcast an entry of `streamEntryOf` carries, back from its `data` field. */
export function broadcastOfEntry(data: string): ChannelBroadcast {
  const { packet, opts } = JSON.parse(data) as StreamEntryData;
  const [event, payload] = packet.data;
  return { to: opts.rooms, except: opts.except, event, payload } as ChannelBroadcast;
}

/**
 * A broadcast to this node's own connections, with its stream offset last, so that a client who drops can be
 * replayed what followed it (the server always runs with connection state recovery): what the adapter does
 * after its own write.
 */
export function deliverHere(io: RoomServer, { to, except, event, payload }: ChannelBroadcast, offset: string | undefined): void {
  const adapter = io.of("/").adapter;
  // The adapter encodes a packet before it looks for whom it is, and a class often has nobody here: the asker
  // (answered instead), or people on other nodes.
  if (!anyoneHere(adapter.rooms, { to, except })) return;
  const data: unknown[] = offset === undefined ? [event, payload] : [event, payload, offset];
  void adapter.broadcast({ type: EVENT_PACKET, data, nsp: "/" }, { rooms: new Set(to), except: new Set(except), flags: { local: true } });
}

/** Whether the broadcast reaches any connection of this node (`channels`: the adapter's channel → connection ids). */
function anyoneHere(channels: ReadonlyMap<string, ReadonlySet<string>>, broadcast: Pick<ChannelBroadcast, "to" | "except">): boolean {
  for (const channel of broadcast.to) {
    for (const socketId of channels.get(channel) ?? []) {
      if (isTarget((other) => channels.get(other)?.has(socketId) === true, broadcast)) return true;
    }
  }
  return false;
}

/** The id the cluster adapter gives this node (protected in its types; the stream's entries carry it). */
function adapterId(io: RoomServer): string {
  return (io.of("/").adapter as unknown as { uid: string }).uid;
}
