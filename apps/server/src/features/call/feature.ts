import type { Cluster, Redis } from "ioredis";
import type { StoreClock } from "../../core/clock.ts";
import type { RoomStore } from "../../core/room-store.ts";
import type { RoomServer } from "../../transport/socket-types.ts";
import { CallService } from "./call-service.ts";
import { createCallHandlers } from "./handlers.ts";
import type { IceSettings } from "./ice-config.ts";
import { createSignalRelay } from "./signal-relay.ts";

export interface CallFeatureDeps {
  io: RoomServer;
  store: RoomStore;
  now: StoreClock;
  ice: IceSettings;
  /** With several nodes, the Redis client whose pub/sub carries call events between them. */
  redis?: Redis | Cluster;
  keyPrefix: string;
  onError(error: unknown): void;
}

/** The call: audio, video and screen share peer to peer; the server gives ICE servers and relays signalling. */
export function createCallFeature({ io, store, now, ice, redis, keyPrefix, onError }: CallFeatureDeps) {
  const calls = new CallService({ store, ice, now });
  const relay = createSignalRelay({ io, channel: `${keyPrefix}call`, onError, ...(redis ? { redis } : {}) });
  const { handlers, onDisconnect } = createCallHandlers({ calls, relay });
  return { service: calls, handlers, onDisconnect, stop: () => relay.close() };
}
