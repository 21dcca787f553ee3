import { ErrorCode, MockloopError, type BoardElement, type BoardLimits, type BoardScene, type RoundBoard } from "@mockloop/protocol";
import { requireParticipant, type RoomRecord } from "../../core/room-record.ts";
import { readExistingRoom, type RoomStore } from "../../core/room-store.ts";
import { boundCrossed, checkElements, requireCurrentRound, requireDrawer } from "./board-rules.ts";
import { newestPerElement, sceneOrder } from "./merge-rules.ts";
import type { BoardStore } from "./port.ts";

/**
 * The rounds a participant token may read (those its holder attended), as the scorecards feature decides it for
 * scorecards and the debrief: the same people read the same rounds' boards.
 */
export type ReadableRounds = (roomId: string, token: string) => Promise<{ rounds: readonly { round: number }[] }>;

export interface BoardServiceDeps {
  store: RoomStore;
  boards: BoardStore;
  limits: BoardLimits;
  readableRounds: ReadableRounds;
}

/**
 * The shared board of each round: who may draw, the merge of changed elements into the stored scene within its
 * bounds, the host's switch for observers, and reading a round's board afterwards. Roles come from the room record;
 * the boards and the switch live in the board store, so the room record never changes for a drawing.
 */
export class BoardService {
  constructor(private readonly deps: BoardServiceDeps) {}

  get limits(): BoardLimits {
    return this.deps.limits;
  }

  /** The whole board of the round being run, for a participant who opens it, joins or reloads. */
  async scene(roomId: string, participantId: string): Promise<BoardScene> {
    const room = await this.room(roomId);
    requireParticipant(room, participantId);
    const [elements, observersMayDraw] = await Promise.all([this.deps.boards.readBoard(roomId, room.round), this.deps.boards.observersMayDraw(roomId)]);
    return { round: room.round, elements: sceneOrder(elements), observersMayDraw, limits: this.deps.limits };
  }

  /**
   * Merges a participant's changed elements into the board of the round being run. Answers the elements that
   * changed the stored scene, and those it held already as sent: a client resends an edit whose answer it never got
   * (its node may have died after storing it, before passing it on), so both go to the others, who merge by version
   * and drop repeats. A bound crossed stores nothing and throws its typed error.
   */
  async update(roomId: string, participantId: string, round: number, elements: readonly BoardElement[]): Promise<{ stored: BoardElement[]; held: BoardElement[] }> {
    const room = await this.room(roomId);
    requireDrawer(room, participantId, room.kind === "group" && (await this.deps.boards.observersMayDraw(roomId)));
    requireCurrentRound(room, round);
    const batch = newestPerElement(elements);
    checkElements(batch, this.deps.limits);
    const outcome = await this.deps.boards.mergeElements(roomId, round, batch, this.deps.limits);
    if (!outcome.ok) throw boundCrossed(outcome.bound, this.deps.limits);
    return { stored: outcome.stored, held: outcome.held };
  }

  /** A study group's host lets observers draw, or stops them. */
  async setObserversMayDraw(roomId: string, participantId: string, mayDraw: boolean): Promise<void> {
    const room = await this.room(roomId);
    requireParticipant(room, participantId);
    if (!room.group) throw new MockloopError(ErrorCode.BadRequest, "only a study group lets observers draw; in a pair's room they watch");
    if (room.group.hostId !== participantId) throw new MockloopError(ErrorCode.Forbidden, "only the group's host can let observers draw");
    await this.deps.boards.setObserversMayDraw(roomId, mayDraw);
  }

  /** A round's board as it stands (elements not deleted), for a participant token of someone who attended it. */
  async roundBoard(roomId: string, token: string, round: number): Promise<RoundBoard> {
    const readable = await this.readableRounds(roomId, token);
    // A round the reader did not attend answers as if it had no board: it tells nothing about that round.
    if (!readable.includes(round)) throw new MockloopError(ErrorCode.NotFound, `round ${round} has no board you may read`);
    const elements = await this.deps.boards.readBoard(roomId, round);
    return { roomId, round, elements: sceneOrder(elements.filter((element) => !element.isDeleted)) };
  }

  /** The rounds whose board has something on it, with how many elements, among those the token's holder attended. */
  async boardsForReader(roomId: string, token: string): Promise<{ round: number; elements: number }[]> {
    return this.drawnBoards(roomId, await this.readableRounds(roomId, token));
  }

  /** The rounds of a room whose board has something on it; the caller has checked who is asking. */
  async roundsWithBoard(roomId: string): Promise<number[]> {
    const room = await this.room(roomId);
    const rounds = Array.from({ length: room.round }, (_, index) => index + 1);
    return (await this.drawnBoards(roomId, rounds)).map((board) => board.round);
  }

  private async readableRounds(roomId: string, token: string): Promise<number[]> {
    return (await this.deps.readableRounds(roomId, token)).rounds.map((readable) => readable.round);
  }

  private async drawnBoards(roomId: string, rounds: readonly number[]): Promise<{ round: number; elements: number }[]> {
    const counts = await this.deps.boards.liveElementCounts(roomId, rounds);
    return rounds.flatMap((round) => {
      const elements = counts.get(round) ?? 0;
      return elements > 0 ? [{ round, elements }] : [];
    });
  }

  private room(roomId: string): Promise<RoomRecord> {
    return readExistingRoom(this.deps.store, roomId);
  }
}
