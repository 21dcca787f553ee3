import type { BoardElement } from "@mockloop/protocol";

/** The bounds a change may not take a round's board past. */
export interface SceneBounds {
  maxElements: number;
  maxSceneBytes: number;
}

/**
 * A merge either stored the elements that won (possibly none) and names those the board held already as sent (a
 * resend of an edit whose answer was lost), or stored nothing because a bound would be crossed.
 */
export type BoardMergeOutcome = { ok: true; stored: BoardElement[]; held: BoardElement[] } | { ok: false; bound: "elements" | "bytes" };

/**
 * The boards of a room, one per round, apart from the room record: drawing never touches (or broadcasts) the room.
 * Each implementation merges by the one rule (`planMerge` in merge-rules.ts), so the stored scene is the one every
 * client converges to; the Redis one runs it as a Lua script, atomically per change.
 */
export interface BoardStore {
  /**
   * Merges `elements` (each id once) into the board of `round`: each replaces the stored element when it wins by
   * the rule. All or nothing: when the result would cross a bound, nothing is stored. Refreshes the retention of
   * every board of the room (rounds 1 to `round`) and of its settings.
   */
  mergeElements(roomId: string, round: number, elements: readonly BoardElement[], bounds: SceneBounds): Promise<BoardMergeOutcome>;
  /** Every element of a round's board, deleted ones included, in no particular order. */
  readBoard(roomId: string, round: number): Promise<BoardElement[]>;
  /** How many elements that are not deleted each of `rounds` holds; rounds with none are left out. */
  liveElementCounts(roomId: string, rounds: readonly number[]): Promise<Map<number, number>>;
  /** A study group's setting: whether observers may draw. False until the host says otherwise. */
  observersMayDraw(roomId: string): Promise<boolean>;
  setObserversMayDraw(roomId: string, mayDraw: boolean): Promise<void>;
}
