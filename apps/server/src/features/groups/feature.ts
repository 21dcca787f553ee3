import type { RoomStore } from "../../core/room-store.ts";
import type { RoomPublisher } from "../../transport/room-publisher.ts";
import { GroupService } from "./group-service.ts";
import { groupHandlers } from "./handlers.ts";

/** Study groups: the host's plan, the next round by rotation, extra turns and handing over the host role. */
export function createGroupsFeature({ store, publisher }: { store: RoomStore; publisher: RoomPublisher }) {
  const groups = new GroupService({ store });
  return { service: groups, handlers: groupHandlers({ groups, publisher }) };
}
