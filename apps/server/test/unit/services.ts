import type { QuestionBank } from "@mockloop/questions";
import { roomKindsFor } from "../../src/app.ts";
import { GroupService } from "../../src/features/groups/index.ts";
import { ObserverNotesService } from "../../src/features/observer-notes/index.ts";
import { QuestionService } from "../../src/features/questions/index.ts";
import { RoomService } from "../../src/features/room/index.ts";
import { ScorecardService } from "../../src/features/scorecards/index.ts";
import { TimerService, timerDueAt } from "../../src/features/timer/index.ts";
import { MemoryPresenceStore } from "../../src/store/memory/presence-store.ts";
import { MemoryRoomStore } from "../../src/store/memory/room-store.ts";

/** Every feature's service on one embedded store with a controlled clock: the domain, with no transport. */
export function embeddedServices(bank: QuestionBank, now: () => number) {
  const store = new MemoryRoomStore({ roomTtlMs: 86_400_000, now, dueAt: timerDueAt });
  return {
    store,
    rooms: new RoomService({ store, presence: new MemoryPresenceStore(), bank, kinds: roomKindsFor({ PAIR_MAX_OBSERVERS: 6 }) }),
    questions: new QuestionService({ store, bank }),
    timers: new TimerService({ store }),
    scorecards: new ScorecardService({ store, drafts: store, bank }),
    notes: new ObserverNotesService({ store, drafts: store }),
    groups: new GroupService({ store }),
  };
}
