import type { StoreClock } from "../../core/clock.ts";
import type { RoomStore } from "../../core/room-store.ts";
import type { RoomPublisher } from "../../transport/room-publisher.ts";
import { CallService } from "./call-service.ts";
import { createCallHandlers } from "./handlers.ts";
import type { IceSettings } from "./ice-config.ts";
import { createSignalLimiter, defaultSignalLimits, type SignalLimits } from "./signal-limiter.ts";

export interface CallFeatureDeps {
  store: RoomStore;
  publisher: RoomPublisher;
  now: StoreClock;
  ice: IceSettings;
  limits?: SignalLimits;
}

/** The call: audio, video and screen share peer to peer; the server gives ICE servers and relays signalling. */
export function createCallFeature({ store, publisher, now, ice, limits = defaultSignalLimits }: CallFeatureDeps) {
  const calls = new CallService({ store, ice, now });
  const { handlers, onDisconnect } = createCallHandlers({ calls, publisher, limit: createSignalLimiter(limits) });
  return { service: calls, handlers, onDisconnect };
}
