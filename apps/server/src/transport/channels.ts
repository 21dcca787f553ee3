/** Socket.IO channel names. Events reach a channel on every node through the adapter. */
export const channels = {
  /** Everyone in a room. */
  room: (roomId: string) => `room:${roomId}`,
  /** Every connection (tab) of one participant; room state goes out per participant, in the view of their role now. */
  participant: (participantId: string) => `participant:${participantId}`,
  /** The connection waiting on one partner request. */
  ticket: (ticketId: string) => `ticket:${ticketId}`,
} as const;

/** Whether a channel belongs to the room a connection has joined (as opposed to, say, its partner request). */
export function isRoomChannel(channel: string): boolean {
  return channel.startsWith("room:") || channel.startsWith("participant:");
}
