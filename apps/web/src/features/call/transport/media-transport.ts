import type { CallMedia } from "@mockloop/protocol";

/** How a peer's link stands, in words a person understands. */
export type PeerConnection = "connecting" | "connected" | "reconnecting" | "failed";

export interface PeerQuality {
  /** Round-trip time of the selected candidate pair (ms), when known. */
  rttMs: number | null;
  /** Share of packets lost on what we receive from them, over the last interval (0–1). */
  loss: number;
  /** What we receive from them (kbit/s). */
  inboundKbps: number;
  /** "relay" when media goes through the TURN relay. */
  route: "direct" | "relay" | null;
}

export interface RemotePeer {
  participantId: string;
  /** Their audio and video as received; null until the first track arrives. */
  stream: MediaStream | null;
  media: CallMedia;
  connection: PeerConnection;
  quality: PeerQuality | null;
}

/** What this page sends: the tracks (null when off) and what it says about them. */
export interface LocalOutput {
  audio: MediaStreamTrack | null;
  video: MediaStreamTrack | null;
  media: CallMedia;
}

/**
 * The one seam between the call's UI and how media travels. Today a mesh of peer connections (MeshTransport);
 * a larger room or recording would put an SFU behind the same interface and the same signalling.
 */
export interface MediaTransport {
  /** Enters the call, sending `output` to everyone in it. */
  join(output: LocalOutput): Promise<void>;
  /** Sends other tracks, or none, and tells the others what changed. No renegotiation for a swapped track. */
  update(output: LocalOutput): void;
  /** Leaves the call and closes every peer connection. */
  leave(): void;
  /** The people in the call with us. */
  peers(): readonly RemotePeer[];
  /** Why a connection to someone could not be made, to show; null when all is well. */
  problem(): string | null;
  subscribe(listener: () => void): () => void;
}
