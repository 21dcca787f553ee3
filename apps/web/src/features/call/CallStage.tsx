import type { ParticipantView } from "@mockloop/protocol";
import { useState } from "react";
import clsx from "clsx";
import ui from "../../shared/ui/ui.module.css";
import styles from "./Call.module.css";
import { ErrorMessage } from "../../shared/ui/ErrorMessage.tsx";
import { Controls } from "./Controls.tsx";
import { DevicePickers } from "./DevicePickers.tsx";
import { arrangeTiles } from "./layout.ts";
import type { LocalMedia, LocalMediaState } from "./media/local-media.ts";
import { Tile, type TileProps } from "./Tile.tsx";
import type { LocalOutput, RemotePeer } from "./transport/media-transport.ts";

interface CallStageProps {
  media: LocalMedia;
  local: LocalMediaState;
  output: LocalOutput;
  me: ParticipantView;
  participants: readonly ParticipantView[];
  peers: readonly RemotePeer[];
  /** A problem of the connections themselves (not of a device). */
  problem: string | null;
  onLeave(): void;
}

type TileData = Omit<TileProps, "size" | "speakerId">;

/** Everyone in the call as tiles (the round's interviewer and candidate large, observers small), and the controls. */
export function CallStage({ media, local, output, me, participants, peers, problem, onLeave }: CallStageProps) {
  const [showDevices, setShowDevices] = useState(false);
  const byId = new Map(participants.map((person) => [person.id, person]));
  const self = byId.get(me.id) ?? me;
  const tiles: TileData[] = [
    {
      participantId: self.id,
      name: self.name,
      role: self.role,
      stream: local.preview,
      media: output.media,
      isMe: true,
      connection: null,
      quality: null,
    },
    ...peers.flatMap((peer) => {
      const person = byId.get(peer.participantId);
      if (!person) return [];
      // In audio-only mode no video comes in: show their initial, not a frozen frame.
      const media = output.media.audioOnly ? { ...peer.media, video: false } : peer.media;
      return [{ participantId: peer.participantId, name: person.name, role: person.role, stream: peer.stream, media, isMe: false, connection: peer.connection, quality: peer.quality }];
    }),
  ];
  const arranged = arrangeTiles(tiles);
  const large = arranged.filter(({ size }) => size === "large");
  const small = arranged.filter(({ size }) => size === "small");
  return (
    <div className={styles.callStage} data-testid="call-stage" data-peers={peers.length}>
      {local.problem && (
        <p className={clsx(ui.notice, styles.callProblem)} role="alert" data-testid="call-problem">
          {local.problem}{" "}
          <button type="button" className={ui.linkButton} onClick={() => media.dismissProblem()}>
            Dismiss
          </button>
        </p>
      )}
      {problem && (
        <ErrorMessage error={problem} />
      )}
      <div className={clsx(styles.callTiles, large.length === 1 && styles.largeCount1)}>
        {large.map(({ tile, size }) => (
          <Tile key={tile.participantId} {...tile} size={size} speakerId={local.selected.speaker} />
        ))}
      </div>
      {small.length > 0 && (
        <div className={styles.callTilesSmall}>
          {small.map(({ tile, size }) => (
            <Tile key={tile.participantId} {...tile} size={size} speakerId={local.selected.speaker} />
          ))}
        </div>
      )}
      {peers.length === 0 && <p className={clsx(ui.muted, styles.callAlone)}>You are the only one in the call so far. The others see a "Join call" button in the room.</p>}
      <Controls media={media} state={local} showDevices={showDevices} onToggleDevices={() => setShowDevices((shown) => !shown)} onLeave={onLeave} />
      {showDevices && <DevicePickers media={media} state={local} />}
    </div>
  );
}
