import type { CallSignal } from "@mockloop/protocol";
import type { PeerConnection } from "./media-transport.ts";

export interface PeerLinkOptions {
  /** The polite side yields when both send an offer at once; exactly one of the two is polite. */
  polite: boolean;
  configuration: RTCConfiguration;
  send(signal: CallSignal): void;
  onTrack(stream: MediaStream): void;
  onStateChange(): void;
  /** Failures worth a line in the console; the link keeps trying by itself. */
  onError(error: unknown): void;
}

/** Wait this long in "disconnected" (often a blip that heals by itself) before restarting ICE. */
const DISCONNECTED_GRACE_MS = 2_000;

/**
 * One RTCPeerConnection to one person, negotiated by the "perfect negotiation" pattern: either side may offer
 * at any time, and when offers cross, the polite side rolls its own back and answers, so nothing deadlocks.
 * The impolite side creates the audio and video transceivers; the polite side attaches its tracks to the ones
 * the first offer brings, so the two never each add their own m-lines.
 */
export class PeerLink {
  readonly pc: RTCPeerConnection;
  private makingOffer = false;
  private ignoreOffer = false;
  private closed = false;
  private tracks: { audio: MediaStreamTrack | null; video: MediaStreamTrack | null } = { audio: null, video: null };
  private receiveVideo = true;
  private disconnectedTimer: number | undefined;
  private readonly remoteStream = new MediaStream();

  constructor(private readonly options: PeerLinkOptions) {
    this.pc = new RTCPeerConnection(options.configuration);
    const pc = this.pc;
    if (!options.polite) {
      pc.addTransceiver("audio", { direction: "sendrecv" });
      pc.addTransceiver("video", { direction: "sendrecv" });
    }
    pc.onnegotiationneeded = () => void this.offer();
    pc.onicecandidate = ({ candidate: found }) => {
      const candidate = found ? { candidate: found.candidate, sdpMid: found.sdpMid, sdpMLineIndex: found.sdpMLineIndex, usernameFragment: found.usernameFragment } : null;
      options.send({ kind: "candidate", candidate });
    };
    pc.ontrack = ({ track }) => {
      for (const old of this.remoteStream.getTracks()) if (old.kind === track.kind && old !== track) this.remoteStream.removeTrack(old);
      if (!this.remoteStream.getTracks().includes(track)) this.remoteStream.addTrack(track);
      options.onTrack(this.remoteStream);
    };
    pc.onconnectionstatechange = () => this.onConnectionState();
    pc.oniceconnectionstatechange = () => this.onConnectionState();
  }

  /** How the link stands, for the tile. */
  connection(): PeerConnection {
    const state = this.pc.connectionState;
    if (state === "connected") return "connected";
    if (state === "failed" || state === "closed") return "failed";
    if (state === "disconnected") return "reconnecting";
    return this.pc.iceConnectionState === "disconnected" ? "reconnecting" : "connecting";
  }

  /** Failed, or lost its path: worth an ICE restart now that signalling works again. */
  isBroken(): boolean {
    const state = this.connection();
    return state === "failed" || state === "reconnecting";
  }

  /** The tracks to send (null stops sending that kind) and whether to receive video (off in audio-only mode). */
  setOutput(tracks: { audio: MediaStreamTrack | null; video: MediaStreamTrack | null }, receiveVideo: boolean): void {
    this.tracks = tracks;
    this.receiveVideo = receiveVideo;
    this.applyOutput();
  }

  private applyOutput(): void {
    for (const transceiver of this.pc.getTransceivers()) {
      const kind = transceiver.receiver.track.kind;
      if (transceiver.currentDirection === "stopped") continue;
      const videoOff = kind === "video" && !this.receiveVideo;
      const track = videoOff ? null : kind === "audio" ? this.tracks.audio : this.tracks.video;
      // Swapping a track (mute, camera, screen) needs no renegotiation; changing a direction does.
      const direction: RTCRtpTransceiverDirection = videoOff ? "inactive" : "sendrecv";
      if (transceiver.direction !== direction) transceiver.direction = direction;
      if (transceiver.sender.track !== track) transceiver.sender.replaceTrack(track).catch((error: unknown) => this.options.onError(error));
    }
  }

  async receive(signal: CallSignal): Promise<void> {
    if (this.closed) return;
    const pc = this.pc;
    try {
      if (signal.kind === "description") {
        const description = signal.description;
        const offerCollision = description.type === "offer" && (this.makingOffer || pc.signalingState !== "stable");
        this.ignoreOffer = !this.options.polite && offerCollision;
        if (this.ignoreOffer) return;
        await pc.setRemoteDescription(description);
        if (description.type === "offer") {
          // The polite side's transceivers come from this offer: attach our tracks before answering.
          this.applyOutput();
          await pc.setLocalDescription();
          if (pc.localDescription) this.options.send({ kind: "description", description: { type: pc.localDescription.type, sdp: pc.localDescription.sdp } });
        }
        return;
      }
      try {
        await pc.addIceCandidate(signal.candidate ?? undefined);
      } catch (error) {
        // Candidates of an offer we ignored fail to apply; that is expected.
        if (!this.ignoreOffer) throw error;
      }
    } catch (error) {
      this.options.onError(error);
    }
  }

  /** Asks for new ICE candidates (a network change, a dropped path). */
  restartIce(configuration?: RTCConfiguration): void {
    if (this.closed) return;
    if (configuration) this.pc.setConfiguration(configuration);
    this.pc.restartIce();
  }

  /** New TURN credentials for future gathering; the current path keeps working. */
  setConfiguration(configuration: RTCConfiguration): void {
    if (!this.closed) this.pc.setConfiguration(configuration);
  }

  close(): void {
    this.closed = true;
    window.clearTimeout(this.disconnectedTimer);
    this.pc.close();
  }

  private async offer(): Promise<void> {
    if (this.closed) return;
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      const local = this.pc.localDescription;
      if (local) this.options.send({ kind: "description", description: { type: local.type, sdp: local.sdp } });
    } catch (error) {
      this.options.onError(error);
    } finally {
      this.makingOffer = false;
    }
  }

  private onConnectionState(): void {
    if (this.closed) return;
    const ice = this.pc.iceConnectionState;
    if (ice === "failed" || this.pc.connectionState === "failed") {
      this.pc.restartIce();
    } else if (ice === "disconnected") {
      window.clearTimeout(this.disconnectedTimer);
      this.disconnectedTimer = window.setTimeout(() => {
        if (!this.closed && this.pc.iceConnectionState === "disconnected") this.pc.restartIce();
      }, DISCONNECTED_GRACE_MS);
    }
    this.options.onStateChange();
  }
}
