import { MAX_ELEMENTS_PER_UPDATE, MAX_MESSAGE_BYTES, type BoardElement } from "@mockloop/protocol";

/** About 20 updates a second per client, like excalidraw.com's own collaboration; pointers at the same pace. */
export const SEND_INTERVAL_MS = 50;
/** One socket message is at most `MAX_MESSAGE_BYTES`; updates are split well below it (three quarters). */
export const MAX_UPDATE_BYTES = (MAX_MESSAGE_BYTES * 3) / 4;

/** The least of an element the sync needs; Excalidraw's elements have all of it. */
export type SyncedElement = Pick<BoardElement, "id" | "version" | "isDeleted">;

/**
 * The elements to send: those whose version is past the one last sent or received for them. A deleted element
 * nobody else has seen (never sent, never received) is left out: there is nothing to delete elsewhere.
 */
export function changedElements<E extends SyncedElement>(elements: readonly E[], known: ReadonlyMap<string, number>, isTooSmall: (element: E) => boolean): E[] {
  return elements.filter((element) => {
    const seen = known.get(element.id);
    if (seen !== undefined) return element.version > seen;
    return !element.isDeleted && !isTooSmall(element);
  });
}

/** Splits elements into updates that each fit in one socket message. */
export function updateBatches<E>(elements: readonly E[], maxBytes = MAX_UPDATE_BYTES, maxCount = MAX_ELEMENTS_PER_UPDATE): E[][] {
  const batches: E[][] = [];
  let batch: E[] = [];
  let bytes = 0;
  for (const element of elements) {
    const size = new TextEncoder().encode(JSON.stringify(element)).length;
    if (batch.length > 0 && (bytes + size > maxBytes || batch.length >= maxCount)) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(element);
    bytes += size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** Elements the server would refuse for their size alone: kept on this screen and named to the person. */
export function oversized<E>(elements: readonly E[], maxElementBytes: number): E[] {
  return elements.filter((element) => new TextEncoder().encode(JSON.stringify(element)).length > maxElementBytes);
}

/**
 * Edits sent that no answer confirmed (no answer at all, a node gone, storage unreachable, a rate limit): sent again
 * until one is answered, as long as this screen still shows that very edit. The server passes a resend of an edit
 * it stored already on to the others, so an edit that a node stored and then died before passing on reaches them.
 */
export class UnconfirmedEdits {
  /** Element id → the version sent. */
  private readonly versions = new Map<string, number>();

  get size(): number {
    return this.versions.size;
  }

  sent(elements: readonly SyncedElement[]): void {
    for (const element of elements) this.versions.set(element.id, element.version);
  }

  /** The server answered these (stored, held, or refused for good): nothing more to send for them. */
  answered(elements: readonly SyncedElement[]): void {
    for (const element of elements) if (this.versions.get(element.id) === element.version) this.versions.delete(element.id);
  }

  /** The scene's elements to send again: those still as sent. One changed since is sent as a change, not from here. */
  due<E extends SyncedElement>(scene: readonly E[]): E[] {
    const current = new Map(scene.map((element) => [element.id, element]));
    const due: E[] = [];
    for (const [id, version] of this.versions) {
      const element = current.get(id);
      if (element?.version === version) due.push(element);
      else this.versions.delete(id);
    }
    return due;
  }
}
