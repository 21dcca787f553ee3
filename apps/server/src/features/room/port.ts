/** A participant whose last connection closed when a dead node's connections were removed. */
export interface WentOffline {
  roomId: string;
  participantId: string;
}

/**
 * Who is connected, apart from the room record: a connection is recorded under the node that holds it, so a
 * change of presence never contends with the room's compare-and-set, and a dead node's connections can be
 * found and removed by any live node.
 */
export interface PresenceStore {
  /** Records a connection; `cameOnline` when it is the participant's first. */
  attach(roomId: string, participantId: string, connectionId: string): Promise<{ cameOnline: boolean }>;
  /** Removes a connection; `wentOffline` when it was the participant's last; undefined when it was not recorded. */
  detach(roomId: string, connectionId: string): Promise<{ participantId: string; wentOffline: boolean } | undefined>;
  /** Removes every connection of a participant (who left the room). */
  detachParticipant(roomId: string, participantId: string): Promise<void>;
  /** Participants with at least one connection. */
  online(roomId: string): Promise<string[]>;
  /** Whether the participant has a connection on another node than this one. */
  connectedElsewhere(roomId: string, participantId: string): Promise<boolean>;
  /** This node is alive; answers true when its record had lapsed (it was presumed dead and its connections removed). */
  heartbeat(): Promise<boolean>;
  /** Removes the connections of nodes whose heartbeat lapsed; answers who went offline. */
  sweepDeadNodes(): Promise<WentOffline[]>;
  /** This node's own connections, so it can record them again after its record lapsed. */
  readonly nodeId: string;
}
