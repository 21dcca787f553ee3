const ROOM_PREFIX = "room:";
const PARTICIPANT_PREFIX = "participant:";

/** Socket.IO channel names. Events reach a channel on every node through the adapter. */
export const channels = {
  /** Everyone in a room. */
  room: (roomId: string) => `${ROOM_PREFIX}${roomId}`,
  /** Every connection (tab) of one participant; room state goes out per participant, in the view of their role now. */
  participant: (participantId: string) => `${PARTICIPANT_PREFIX}${participantId}`,
  /** The connection waiting on one partner request. */
  ticket: (ticketId: string) => `ticket:${ticketId}`,
} as const;

/** Whether a channel belongs to the room a connection has joined (as opposed to, say, its partner request). */
export function isRoomChannel(channel: string): boolean {
  return channel.startsWith(ROOM_PREFIX) || channel.startsWith(PARTICIPANT_PREFIX);
}

/** The participants whose own channels these all are, or undefined when any of them is another kind of channel. */
export function participantsOfChannels(names: readonly string[]): string[] | undefined {
  if (!names.every((name) => name.startsWith(PARTICIPANT_PREFIX))) return undefined;
  return names.map((name) => name.slice(PARTICIPANT_PREFIX.length));
}

/** The room whose whole-room channel is among these, if one is. */
export function roomOfChannels(names: readonly string[]): string | undefined {
  return names.find((name) => name.startsWith(ROOM_PREFIX))?.slice(ROOM_PREFIX.length);
}
