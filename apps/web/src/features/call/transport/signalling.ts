import type { CallAnnouncePayload, CallLeft, CallPeer, CallSignal, CallSignalEvent, IceConfig } from "@mockloop/protocol";
import type { RoomClient } from "@mockloop/protocol/client";

/** The call's messages over the room's own Socket.IO connection, validated both ways by the protocol's schemas. */
export interface CallSignalling {
  iceConfig(): Promise<IceConfig>;
  announce(payload: CallAnnouncePayload): Promise<void>;
  leave(session: string): Promise<void>;
  send(to: { participantId: string; session: string }, fromSession: string, signal: CallSignal): Promise<void>;
  onPeer(listener: (peer: CallPeer) => void): () => void;
  onLeft(listener: (left: CallLeft) => void): () => void;
  onSignal(listener: (signal: CallSignalEvent) => void): () => void;
  /** After the socket came back and the room was rejoined (maybe on another server node). */
  onRejoined(listener: () => void): () => void;
}

export function roomSignalling(client: RoomClient): CallSignalling {
  return {
    iceConfig: () => client.call("call:ice-servers", {}),
    announce: async (payload) => {
      await client.call("call:announce", payload);
    },
    leave: async (session) => {
      await client.call("call:leave", { session });
    },
    send: async (to, fromSession, signal) => {
      await client.call("call:signal", { to: to.participantId, toSession: to.session, fromSession, signal });
    },
    onPeer: (listener) => client.on("call:peer", listener),
    onLeft: (listener) => client.on("call:left", listener),
    onSignal: (listener) => client.on("call:signal", listener),
    onRejoined: (listener) => client.onRejoin((ack) => ack.ok && listener()),
  };
}
