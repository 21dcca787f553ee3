import { CaptureUpdateAction, isInvisiblySmallElement, reconcileElements, restoreElements } from "@excalidraw/excalidraw";
import type { RemoteExcalidrawElement } from "@excalidraw/excalidraw/data/reconcile";
import type { ExcalidrawElement, OrderedExcalidrawElement } from "@excalidraw/excalidraw/element/types";
import type { Collaborator, ExcalidrawImperativeAPI, SocketId } from "@excalidraw/excalidraw/types";
import { retryDelayMs, type BoardChanged, type BoardElement, type BoardLimits, type BoardPointer, type ErrorBody } from "@mockloop/protocol";
import type { RoomClient } from "@mockloop/protocol/client";
import throttle from "lodash.throttle";
import { isTransient } from "../../shared/api/transient.ts";
import { SEND_INTERVAL_MS, UnconfirmedEdits, changedElements, oversized, updateBatches } from "./sync.ts";

export interface BoardSyncOptions {
  client: RoomClient;
  api: ExcalidrawImperativeAPI;
  round: number;
  limits: BoardLimits;
  /** The elements the scene was opened with (as the server holds them). */
  initial: readonly BoardElement[];
  /** Names of the room's people by id, for the labels on their pointers. */
  nameOf: (participantId: string) => string | undefined;
  onError: (error: ErrorBody) => void;
}

/** Wait before sending again an update that got no answer or a passing error, unless the server named a wait. */
const RETRY_MS = 1_000;

// Excalidraw's elements are what the board protocol carries; its types are branded, the protocol's are plain.
const toWire = (elements: readonly ExcalidrawElement[]) => elements as unknown as BoardElement[];
const fromWire = (elements: readonly BoardElement[]) => restoreElements(elements as unknown as ExcalidrawElement[], null);

/**
 * Keeps one Excalidraw canvas in step with the room, as excalidraw.com's own collaboration does: it sends only
 * the elements that changed since they were last sent or received (about 20 times a second at most), merges
 * everyone else's with Excalidraw's `reconcileElements`, and shows the others' pointers with their names.
 */
export class BoardSync {
  /** The version of each element last sent or received: what the others are known to have. */
  private readonly known = new Map<string, number>();
  private readonly collaborators = new Map<SocketId, Collaborator>();
  private readonly stops: (() => void)[] = [];
  private readonly unconfirmed = new UnconfirmedEdits();
  private retry: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: BoardSyncOptions) {
    for (const element of options.initial) this.known.set(element.id, element.version);
  }

  start(): void {
    const { client } = this.options;
    this.stops.push(
      client.on("board:changed", (change) => this.receive(change)),
      client.on("board:pointer", (pointer) => this.showPointer(pointer)),
    );
  }

  stop(): void {
    clearTimeout(this.retry);
    this.localChange.flush();
    this.pointerMoved.cancel();
    for (const stop of this.stops.splice(0)) stop();
  }

  /** Called on every change of the canvas; sends at most one update per interval, and the last one always. */
  readonly localChange = throttle(() => void this.send(), SEND_INTERVAL_MS, { leading: true, trailing: true });

  readonly pointerMoved = throttle(
    (pointer: { x: number; y: number }, button: "up" | "down") => {
      void this.options.client.request("board:pointer", { x: pointer.x, y: pointer.y, button });
    },
    SEND_INTERVAL_MS,
    { leading: true, trailing: true },
  );

  /** After a reconnect: take the stored scene in, then send whatever of ours it is missing, and what went unanswered. */
  async resync(): Promise<void> {
    const ack = await this.options.client.request("board:get", {});
    if (!ack.ok || ack.data.round !== this.options.round) return;
    this.known.clear();
    this.receive({ round: ack.data.round, elements: ack.data.elements });
    this.localChange();
  }

  private async send(): Promise<void> {
    const { api, client, round, limits, onError } = this.options;
    const scene = api.getSceneElementsIncludingDeleted();
    const changed = changedElements(scene, this.known, (element) => isInvisiblySmallElement(element));
    const changedIds = new Set(changed.map((element) => element.id));
    changed.push(...this.unconfirmed.due(scene).filter((element) => !changedIds.has(element.id)));
    if (changed.length === 0) return;
    const tooLarge = new Set(oversized(changed, limits.maxElementBytes));
    if (tooLarge.size > 0) {
      onError({ code: "ELEMENT_TOO_LARGE", message: `A drawing here is too large to share (at most ${Math.round(limits.maxElementBytes / 1024)} KB each); split it up.` });
    }
    const sending = changed.filter((element) => !tooLarge.has(element));
    // Marked as sent before the answer, as Excalidraw does: a refused change is reported, not retried in a loop;
    // one that got no answer, or a passing error, stays unconfirmed and is sent again.
    for (const element of sending) this.known.set(element.id, element.version);
    for (const batch of updateBatches(toWire(sending))) {
      this.unconfirmed.sent(batch);
      const ack = await client.request("board:update", { round, elements: batch });
      if (ack.ok || !isTransient(ack.error)) {
        this.unconfirmed.answered(batch);
        if (!ack.ok) onError(ack.error);
      } else this.retryLater(retryDelayMs(ack.error, RETRY_MS));
    }
  }

  private retryLater(delayMs: number): void {
    if (this.retry !== undefined) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.localChange();
    }, delayMs);
  }

  private receive(change: BoardChanged): void {
    const { api, round } = this.options;
    if (change.round !== round) return;
    for (const element of change.elements) this.known.set(element.id, Math.max(element.version, this.known.get(element.id) ?? 0));
    const local: readonly OrderedExcalidrawElement[] = api.getSceneElementsIncludingDeleted();
    const merged = reconcileElements(local, fromWire(change.elements) as RemoteExcalidrawElement[], api.getAppState());
    api.updateScene({ elements: merged, captureUpdate: CaptureUpdateAction.NEVER });
  }

  private showPointer(pointer: BoardPointer): void {
    const username = this.options.nameOf(pointer.participantId);
    if (!username) return;
    this.collaborators.set(pointer.participantId as SocketId, {
      id: pointer.participantId,
      username,
      button: pointer.button,
      pointer: { x: pointer.x, y: pointer.y, tool: "pointer" },
    });
    this.options.api.updateScene({ collaborators: new Map(this.collaborators) });
  }
}
