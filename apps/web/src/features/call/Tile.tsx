import clsx from "clsx";
import type { CallMedia, Role } from "@mockloop/protocol";
import { useEffect, useRef } from "react";
import { roleLabel } from "../../shared/format.ts";
import styles from "./Call.module.css";
import type { TileSize } from "./layout.ts";
import type { PeerConnection, PeerQuality } from "./transport/media-transport.ts";
import { qualityLevel } from "./transport/quality.ts";
import { useSpeaking } from "./useSpeaking.ts";

export interface TileProps {
  participantId: string;
  name: string;
  role: Role;
  size: TileSize;
  stream: MediaStream | null;
  media: CallMedia;
  isMe: boolean;
  /** Null for our own tile. */
  connection: PeerConnection | null;
  quality: PeerQuality | null;
  speakerId: string;
}

export function Tile({ participantId, name, role, size, stream, media, isMe, connection, quality, speakerId }: TileProps) {
  const video = useRef<HTMLVideoElement>(null);
  const audioTrack = media.audio ? (stream?.getAudioTracks()[0] ?? null) : null;
  const speaking = useSpeaking(audioTrack);

  useEffect(() => {
    const element = video.current;
    if (!element || element.srcObject === stream) return;
    element.srcObject = stream;
    if (stream) element.play().catch(() => undefined);
  }, [stream]);
  useEffect(() => {
    const element = video.current as (HTMLVideoElement & { setSinkId?: (id: string) => Promise<void> }) | null;
    if (!isMe && speakerId && element?.setSinkId) element.setSinkId(speakerId).catch(() => undefined);
  }, [speakerId, isMe]);

  const showVideo = media.video && stream !== null && stream.getVideoTracks().length > 0;
  return (
    <figure
      className={clsx(styles.callTile, styles[size], isMe && styles.self, speaking && styles.speaking, media.screen && styles.screen)}
      data-testid={`call-tile-${participantId}`}
      data-size={size}
      data-speaking={speaking}
      data-connection={connection ?? "self"}
    >
      {/* Our own tile is muted so we never hear ourselves; a remote tile plays their voice even with video off. */}
      <video ref={video} autoPlay playsInline muted={isMe} className={clsx(!showVideo && styles.hiddenVideo, isMe && !media.screen && styles.mirrored)} />
      {!showVideo && (
        <div className={styles.callAvatar} aria-hidden="true" data-testid="call-avatar">
          {name.slice(0, 1).toUpperCase()}
        </div>
      )}
      <figcaption className={styles.callCaption}>
        <span className={clsx(styles.speakingDot, speaking && styles.on)} aria-hidden="true" />
        <span className={styles.callName}>
          {name}
          {isMe && " (you)"}
        </span>
        <span className={styles.callRole}>{roleLabel(role)}</span>
        {!media.audio && <span className={styles.callBadge}>Muted</span>}
        {media.screen && <span className={clsx(styles.callBadge, styles.info)}>Sharing screen</span>}
        {media.audioOnly && <span className={clsx(styles.callBadge, styles.info)}>Audio only</span>}
        {speaking && <span className="visually-hidden">speaking</span>}
      </figcaption>
      {connection && <QualityIndicator connection={connection} quality={quality} />}
    </figure>
  );
}

const CONNECTION_TEXT: Record<PeerConnection, string> = {
  connecting: "Connecting…",
  connected: "Connected",
  reconnecting: "Reconnecting…",
  failed: "No connection",
};

function QualityIndicator({ connection, quality }: { connection: PeerConnection; quality: PeerQuality | null }) {
  const level = connection === "connected" ? (quality ? qualityLevel(quality) : "good") : connection === "failed" ? "poor" : "pending";
  const text = connection === "connected" ? `${level === "good" ? "Good" : level === "fair" ? "Fair" : "Poor"} connection` : CONNECTION_TEXT[connection];
  const details = quality
    ? [
        quality.rttMs !== null ? `round trip ${quality.rttMs} ms` : null,
        `loss ${(quality.loss * 100).toFixed(1)}%`,
        `${quality.inboundKbps} kbit/s in`,
        quality.route === "relay" ? "through the relay" : quality.route === "direct" ? "direct" : null,
      ]
        .filter(Boolean)
        .join(" · ")
    : "";
  return (
    <span className={clsx(styles.callQuality, styles[level])} data-testid="call-quality" data-level={level} title={details || text}>
      <span className={styles.qualityDot} aria-hidden="true" />
      {text}
      {details && <span className={styles.callQualityDetails}>{details}</span>}
    </span>
  );
}
