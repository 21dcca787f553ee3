export interface DueRooms {
  /** Rooms that need a look now, each claimed by the caller for a short lease. */
  roomIds: string[];
  /** The earliest time another room will need a look, if known: when to look again. */
  nextDueAt: number | null;
  /** The store's clock at the time of the answer. */
  now: number;
}

/**
 * The rooms that need a node's attention, by time: a running timer whose segment deadline has passed, or a
 * change whose announcement was not confirmed within a grace period (its node died). The room store keeps it
 * itself, in the same atomic write as each change; the timer feature's scheduler takes from it.
 */
export interface RoomWorkIndex {
  /**
   * Rooms due now, oldest first, each claimed for a lease so that one node looks at a time; when the lease
   * runs out (the node died mid-way) the room is due again. Settled by `RoomStore.markAnnounced`.
   */
  takeDue(limit: number): Promise<DueRooms>;
  /** Drops a room from the index (one that no longer exists). */
  clearDue(roomId: string): Promise<void>;
}
