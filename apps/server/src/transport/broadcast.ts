import type { ServerEventName, ServerEventPayload } from "@mockloop/protocol";
import type { RoomServer } from "./socket-types.ts";

/** Socket.IO's packet type for an event (socket.io-parser's PacketType.EVENT). */
const EVENT_PACKET = 2;

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
