export interface DueTimers {
  /** Rooms whose timer deadline has passed, oldest first. */
  roomIds: string[];
  /** The earliest deadline not yet due, if any: when to look again. */
  nextDueAt: number | null;
  /** The store's clock at the time of the answer. */
  now: number;
}

/**
 * The index of rooms by timer deadline. The room store keeps it itself, in the same atomic write as the room,
 * from each stored room's `RoomDueAt`; the timer feature only reads it.
 */
export interface DueTimerIndex {
  /** Rooms whose timer is due (its running segment's deadline has passed on the store's clock), oldest first. */
  dueRooms(limit: number): Promise<DueTimers>;
  /** Drops a room from the due index (for a room that no longer exists). */
  clearDue(roomId: string): Promise<void>;
}
