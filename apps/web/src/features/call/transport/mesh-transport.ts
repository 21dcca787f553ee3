import type { CallMedia, CallSignalEvent, IceConfig } from "@mockloop/protocol";
import type { LocalOutput, MediaTransport, RemotePeer } from "./media-transport.ts";
import { PeerLink } from "./peer-link.ts";
import { readQuality, type StatsSample } from "./quality.ts";
import type { CallSignalling } from "./signalling.ts";

interface Peer {
  participantId: string;
  session: string;
  link: PeerLink;
  stream: MediaStream | null;
  media: CallMedia;
  quality: RemotePeer["quality"];
  sample: StatsSample | null;
  /** Their connection to the server closed: the link stays while media still flows, and goes if it fails. */
  away: boolean;
}

const STATS_EVERY_MS = 2_000;
/** Fetch fresh TURN credentials this long before the current ones run out. */
const CREDENTIAL_MARGIN_MS = 60_000;

export interface MeshOptions {
  signalling: CallSignalling;
  myId: string;
}

function newSessionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** A peer-to-peer mesh: one RTCPeerConnection to each other person in the call, signalled over the room's socket. */
export class MeshTransport implements MediaTransport {
  readonly session = newSessionId();
  private readonly peersById = new Map<string, Peer>();
  private readonly listeners = new Set<() => void>();
  private output: LocalOutput | null = null;
  private ice: IceConfig | null = null;
  private unsubscribe: (() => void)[] = [];
  private statsTimer: number | undefined;
  private refreshTimer: number | undefined;
  private snapshot: readonly RemotePeer[] = [];
  private failure: string | null = null;
  /** Who may be in the call: the people in the room now. */
  private room = new Set<string>();

  constructor(private readonly options: MeshOptions) {}

  async join(output: LocalOutput): Promise<void> {
    this.output = output;
    const { signalling } = this.options;
    this.ice = await signalling.iceConfig();
    this.scheduleCredentialRefresh();
    this.unsubscribe = [
      signalling.onPeer((peer) => {
        if (peer.from === this.options.myId || !this.output) return;
        this.upsertPeer(peer.from, peer.session, peer.media);
        if (peer.greet) this.announce(false, peer.from);
      }),
      signalling.onLeft((left) => {
        const peer = this.peersById.get(left.from);
        if (peer?.session !== left.session) return;
        // A dropped connection may be back in a moment (a blip, another server node); media needs no server.
        if (left.dropped && peer.link.connection() === "connected") peer.away = true;
        else this.dropPeer(left.from);
      }),
      signalling.onSignal((event) => this.onSignal(event)),
      // Back after a dropped connection, maybe on another node: say we are here again, and mend broken links.
      signalling.onRejoined(() => {
        this.announce(true);
        for (const peer of this.peersById.values()) if (peer.link.isBroken()) peer.link.restartIce();
      }),
    ];
    this.statsTimer = window.setInterval(() => void this.readStats(), STATS_EVERY_MS);
    this.announce(true);
  }

  update(output: LocalOutput): void {
    this.output = output;
    for (const peer of this.peersById.values()) peer.link.setOutput(output, !output.media.audioOnly);
    this.announce(false);
  }

  leave(): void {
    if (!this.output) return;
    this.output = null;
    for (const stop of this.unsubscribe) stop();
    this.unsubscribe = [];
    window.clearInterval(this.statsTimer);
    window.clearTimeout(this.refreshTimer);
    for (const id of [...this.peersById.keys()]) this.dropPeer(id);
    this.options.signalling.leave(this.session).catch(() => undefined);
  }

  /** The people in the room now; links to anyone who left are closed. */
  setRoom(participantIds: readonly string[]): void {
    this.room = new Set(participantIds);
    for (const id of [...this.peersById.keys()]) if (!this.room.has(id)) this.dropPeer(id);
  }

  // Arrow functions: React's useSyncExternalStore calls them unbound.
  peers = (): readonly RemotePeer[] => this.snapshot;
  problem = (): string | null => this.failure;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Every live peer connection, for diagnostics. */
  connections(): RTCPeerConnection[] {
    return [...this.peersById.values()].map((peer) => peer.link.pc);
  }

  private changed(): void {
    this.snapshot = [...this.peersById.values()].map((peer) => ({
      participantId: peer.participantId,
      stream: peer.stream,
      media: peer.media,
      connection: peer.link.connection(),
      quality: peer.quality,
    }));
    for (const listener of this.listeners) listener();
  }

  private announce(greet: boolean, to?: string): void {
    if (!this.output) return;
    const payload = { session: this.session, media: this.output.media, greet, ...(to ? { to } : {}) };
    this.options.signalling.announce(payload).catch((error: unknown) => console.warn("mockloop call: announce failed", error));
  }

  private upsertPeer(participantId: string, session: string, media: CallMedia): Peer | null {
    if (!this.output || !this.ice || !this.room.has(participantId)) return null;
    const existing = this.peersById.get(participantId);
    if (existing && existing.session === session) {
      existing.media = media;
      existing.away = false;
      if (existing.link.isBroken()) existing.link.restartIce();
      this.changed();
      return existing;
    }
    // A new session of someone we knew (they reloaded): the old link is dead.
    if (existing) this.dropPeer(participantId);
    let link: PeerLink;
    try {
      link = this.createLink(participantId, session);
    } catch (error) {
      // A browser that blocks WebRTC (a policy, an extension): say so; the rest of the room is untouched.
      console.warn("mockloop call: no peer connection", error);
      this.failure = "This browser would not open a call connection (WebRTC may be turned off by a setting or an extension).";
      this.changed();
      return null;
    }
    const peer: Peer = { participantId, session, media, stream: null, quality: null, sample: null, away: false, link };
    this.peersById.set(participantId, peer);
    peer.link.setOutput(this.output, !this.output.media.audioOnly);
    this.changed();
    return peer;
  }

  private createLink(participantId: string, session: string): PeerLink {
    const to = { participantId, session };
    return new PeerLink({
      polite: this.options.myId > participantId,
      configuration: this.rtcConfiguration(),
      send: (signal) => {
        this.options.signalling.send(to, this.session, signal).catch((error: unknown) => console.warn("mockloop call: signal not sent", error));
      },
      onTrack: (stream) => {
        const peer = this.peersById.get(participantId);
        if (peer?.session !== session) return;
        peer.stream = stream;
        this.changed();
      },
      onStateChange: () => {
        const peer = this.peersById.get(participantId);
        if (peer?.session === session && peer.away && peer.link.connection() === "failed") this.dropPeer(participantId);
        else this.changed();
      },
      onError: (error) => console.warn("mockloop call:", error),
    });
  }

  private onSignal(event: CallSignalEvent): void {
    if (event.toSession !== this.session || !this.output) return;
    let peer = this.peersById.get(event.from);
    // An offer can come before their announcement does: it says as much that they are in the call.
    if (peer?.session !== event.fromSession) {
      if (event.signal.kind !== "description" || event.signal.description.type !== "offer") return;
      peer = this.upsertPeer(event.from, event.fromSession, peer?.media ?? { audio: false, video: false, screen: false, audioOnly: false }) ?? undefined;
    }
    void peer?.link.receive(event.signal);
  }

  private dropPeer(participantId: string): void {
    const peer = this.peersById.get(participantId);
    if (!peer) return;
    peer.link.close();
    this.peersById.delete(participantId);
    this.changed();
  }

  private rtcConfiguration(): RTCConfiguration {
    return { iceServers: this.ice?.iceServers ?? [], iceTransportPolicy: this.ice?.iceTransportPolicy ?? "all" };
  }

  private scheduleCredentialRefresh(): void {
    window.clearTimeout(this.refreshTimer);
    const expiresAt = this.ice?.expiresAt;
    if (!expiresAt) return;
    this.refreshTimer = window.setTimeout(
      () => {
        this.options.signalling.iceConfig().then(
          (ice) => {
            this.ice = ice;
            for (const peer of this.peersById.values()) peer.link.setConfiguration(this.rtcConfiguration());
            this.scheduleCredentialRefresh();
          },
          () => this.scheduleCredentialRefresh(),
        );
      },
      Math.max(5_000, expiresAt - Date.now() - CREDENTIAL_MARGIN_MS),
    );
  }

  private async readStats(): Promise<void> {
    const now = performance.now();
    await Promise.all(
      [...this.peersById.values()].map(async (peer) => {
        try {
          const report = await peer.link.pc.getStats();
          const { quality, sample } = readQuality(report.values() as Iterable<{ type: string }>, peer.sample, now);
          peer.quality = quality;
          peer.sample = sample;
        } catch {
          // A link closing under us: nothing to show.
        }
      }),
    );
    this.changed();
  }
}
