import type { BoardElement } from "@mockloop/protocol";
import { elementBytes, planMerge, type SceneTotals } from "../../features/board/merge-rules.ts";
import type { BoardMergeOutcome, BoardStore, SceneBounds } from "../../features/board/port.ts";

export interface MemoryBoardStoreOptions {
  /** A room's boards untouched for this long are forgotten. */
  roomTtlMs: number;
  now?: () => number;
}

interface RoundScene {
  /** Element id → the element as JSON, as Redis keeps it, so no caller holds a live reference into the store. */
  elements: Map<string, string>;
  totals: SceneTotals;
}

interface RoomBoards {
  rounds: Map<number, RoundScene>;
  observersMayDraw: boolean;
  expiresAt: number;
}

/** The embedded boards: one process, so each method runs to its end (no await) before another starts. */
export class MemoryBoardStore implements BoardStore {
  private readonly rooms = new Map<string, RoomBoards>();
  private readonly clock: () => number;

  constructor(private readonly options: MemoryBoardStoreOptions) {
    this.clock = options.now ?? Date.now;
  }

  async mergeElements(roomId: string, round: number, elements: readonly BoardElement[], bounds: SceneBounds): Promise<BoardMergeOutcome> {
    const room = this.room(roomId);
    const scene = room.rounds.get(round) ?? { elements: new Map<string, string>(), totals: { elements: 0, bytes: 0, live: 0 } };
    const stored = (id: string) => {
      const json = scene.elements.get(id);
      return json === undefined ? undefined : { element: JSON.parse(json) as BoardElement, bytes: elementBytes(json) };
    };
    const plan = planMerge(stored, scene.totals, elements, bounds);
    if (!plan.ok) return plan;
    for (const { element, json } of plan.winners) scene.elements.set(element.id, json);
    scene.totals = plan.totals;
    room.rounds.set(round, scene);
    this.keep(roomId, room);
    return { ok: true, stored: plan.winners.map(({ json }) => JSON.parse(json) as BoardElement), held: plan.held };
  }

  async readBoard(roomId: string, round: number): Promise<BoardElement[]> {
    const scene = this.read(roomId)?.rounds.get(round);
    return [...(scene?.elements.values() ?? [])].map((json) => JSON.parse(json) as BoardElement);
  }

  async liveElementCounts(roomId: string, rounds: readonly number[]): Promise<Map<number, number>> {
    const room = this.read(roomId);
    const counts = new Map<number, number>();
    for (const round of rounds) {
      const live = room?.rounds.get(round)?.totals.live ?? 0;
      if (live > 0) counts.set(round, live);
    }
    return counts;
  }

  async observersMayDraw(roomId: string): Promise<boolean> {
    return this.read(roomId)?.observersMayDraw ?? false;
  }

  async setObserversMayDraw(roomId: string, mayDraw: boolean): Promise<void> {
    const room = this.room(roomId);
    room.observersMayDraw = mayDraw;
    this.keep(roomId, room);
  }

  private read(roomId: string): RoomBoards | undefined {
    const room = this.rooms.get(roomId);
    if (room && room.expiresAt <= this.clock()) {
      this.rooms.delete(roomId);
      return undefined;
    }
    return room;
  }

  private room(roomId: string): RoomBoards {
    return this.read(roomId) ?? { rounds: new Map(), observersMayDraw: false, expiresAt: 0 };
  }

  private keep(roomId: string, room: RoomBoards): void {
    room.expiresAt = this.clock() + this.options.roomTtlMs;
    this.rooms.set(roomId, room);
  }
}
