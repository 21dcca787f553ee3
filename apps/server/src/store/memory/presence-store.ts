import type { PresenceStore, WentOffline } from "../../features/room/port.ts";

/** Presence in one process: connections by room. There is one node, so nothing ever lapses. */
export class MemoryPresenceStore implements PresenceStore {
  readonly nodeId = "embedded";
  /** room id → connection id → participant id. */
  private readonly rooms = new Map<string, Map<string, string>>();

  async attach(roomId: string, participantId: string, connectionId: string) {
    const connections = this.connections(roomId);
    if (connections.has(connectionId)) return { cameOnline: false };
    connections.set(connectionId, participantId);
    return { cameOnline: this.countOf(connections, participantId) === 1 };
  }

  async detach(roomId: string, connectionId: string) {
    const connections = this.rooms.get(roomId);
    const participantId = connections?.get(connectionId);
    if (!connections || participantId === undefined) return undefined;
    connections.delete(connectionId);
    if (connections.size === 0) this.rooms.delete(roomId);
    return { participantId, wentOffline: this.countOf(connections, participantId) === 0 };
  }

  async detachParticipant(roomId: string, participantId: string): Promise<void> {
    const connections = this.rooms.get(roomId);
    for (const [connectionId, holder] of connections ?? []) if (holder === participantId) connections?.delete(connectionId);
  }

  async online(roomId: string): Promise<string[]> {
    return [...new Set(this.rooms.get(roomId)?.values() ?? [])];
  }

  /** One process: there is no other node. */
  async connectedElsewhere(): Promise<boolean> {
    return false;
  }

  async heartbeat(): Promise<boolean> {
    return false;
  }

  async sweepDeadNodes(): Promise<WentOffline[]> {
    return [];
  }

  private connections(roomId: string): Map<string, string> {
    let connections = this.rooms.get(roomId);
    if (!connections) {
      connections = new Map();
      this.rooms.set(roomId, connections);
    }
    return connections;
  }

  private countOf(connections: Map<string, string>, participantId: string): number {
    let count = 0;
    for (const holder of connections.values()) if (holder === participantId) count += 1;
    return count;
  }
}
