import type { BoardElement } from "@mockloop/protocol";
import type { BoardMergeOutcome, SceneBounds } from "./port.ts";

/**
 * How two copies of one element are merged: Excalidraw's reconciliation rule (`reconcileElements`), which every
 * client runs too. The higher version wins; on equal versions the lower versionNonce wins, so every client and
 * the server pick the same copy whatever order the copies arrive in. Equal version and nonce is the same edit.
 */
export function incomingWins(
  current: Pick<BoardElement, "version" | "versionNonce"> | undefined,
  incoming: Pick<BoardElement, "version" | "versionNonce">,
): boolean {
  if (!current) return true;
  if (incoming.version !== current.version) return incoming.version > current.version;
  return incoming.versionNonce < current.versionNonce;
}

/** One copy per element id, the winner by the rule: duplicates within one update change nothing. */
export function newestPerElement(elements: readonly BoardElement[]): BoardElement[] {
  const newest = new Map<string, BoardElement>();
  for (const element of elements) {
    if (incomingWins(newest.get(element.id), element)) newest.set(element.id, element);
  }
  return [...newest.values()];
}

/** Merges `incoming` into a scene held as a map, returning the elements that changed it. */
export function mergeInto(scene: Map<string, BoardElement>, incoming: readonly BoardElement[]): BoardElement[] {
  const changed: BoardElement[] = [];
  for (const element of incoming) {
    if (!incomingWins(scene.get(element.id), element)) continue;
    scene.set(element.id, element);
    changed.push(element);
  }
  return changed;
}

/** Bytes of an element as stored: its JSON in UTF-8. */
export function elementBytes(json: string): number {
  return Buffer.byteLength(json, "utf8");
}

export interface SceneTotals {
  /** Elements stored, deleted ones included. */
  elements: number;
  bytes: number;
  /** Elements not deleted. */
  live: number;
}

export interface StoredCopy {
  element: Pick<BoardElement, "version" | "versionNonce" | "isDeleted">;
  bytes: number;
}

export type MergePlan =
  | { ok: true; winners: { element: BoardElement; json: string }[]; held: BoardElement[]; totals: SceneTotals }
  | Extract<BoardMergeOutcome, { ok: false }>;

/** The very copy stored already (same version and nonce): a resend of an edit the store kept. */
export function sameEdit(current: Pick<BoardElement, "version" | "versionNonce"> | undefined, incoming: Pick<BoardElement, "version" | "versionNonce">): boolean {
  return current !== undefined && current.version === incoming.version && current.versionNonce === incoming.versionNonce;
}

/**
 * What merging `incoming` (each id once) into a stored scene would do, without doing it: the winners to write, the
 * copies held already (resends), and the scene's totals after. A change may not take the scene past a bound; one
 * that shrinks it always may.
 */
export function planMerge(
  stored: (id: string) => StoredCopy | undefined,
  before: SceneTotals,
  incoming: readonly BoardElement[],
  bounds: SceneBounds,
): MergePlan {
  const totals = { ...before };
  const winners: { element: BoardElement; json: string }[] = [];
  const held: BoardElement[] = [];
  for (const element of incoming) {
    const current = stored(element.id);
    if (sameEdit(current?.element, element)) held.push(element);
    if (!incomingWins(current?.element, element)) continue;
    const json = JSON.stringify(element);
    if (current) {
      totals.bytes -= current.bytes;
      if (!current.element.isDeleted) totals.live -= 1;
    } else totals.elements += 1;
    totals.bytes += elementBytes(json);
    if (!element.isDeleted) totals.live += 1;
    winners.push({ element, json });
  }
  if (totals.elements > bounds.maxElements && totals.elements > before.elements) return { ok: false, bound: "elements" };
  if (totals.bytes > bounds.maxSceneBytes && totals.bytes > before.bytes) return { ok: false, bound: "bytes" };
  return { ok: true, winners, held, totals };
}

/** Excalidraw's stacking order: by fractional index (plain string order), then id; elements without one last. */
export function sceneOrder(elements: readonly BoardElement[]): BoardElement[] {
  const key = (element: BoardElement) => element.index ?? "\uffff";
  return [...elements].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
