import clsx from "clsx";
import { useEffect, useRef } from "react";
import ui from "../../shared/ui/ui.module.css";
import styles from "./Call.module.css";
import { DevicePickers } from "./DevicePickers.tsx";
import type { LocalMedia, LocalMediaState } from "./media/local-media.ts";

interface PreviewProps {
  media: LocalMedia;
  state: LocalMediaState;
  joining: boolean;
  onJoin(): void;
  onCancel(): void;
}

/** Before joining: see yourself, pick devices, choose audio only. */
export function Preview({ media, state, joining, onJoin, onCancel }: PreviewProps) {
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (video.current) video.current.srcObject = state.preview;
  }, [state.preview]);
  const ready = state.status === "ready";
  return (
    <div className={styles.callPreview} data-testid="call-preview">
      <div className={styles.callPreviewVideo}>
        <video ref={video} autoPlay playsInline muted className={state.camera && !state.audioOnly ? styles.mirrored : styles.hiddenVideo} data-testid="call-preview-video" />
        {(!state.camera || state.audioOnly) && (
          <p className={styles.callPreviewEmpty}>{state.status === "starting" ? "Starting your camera…" : state.status === "failed" ? "No camera in use" : state.audioOnly ? "Audio only" : "Camera off"}</p>
        )}
      </div>
      <div className={styles.callPreviewSide}>
        {state.problem && (
          <p className={state.status === "failed" ? ui.error : ui.notice} role="alert" data-testid="call-problem">
            {state.problem}
          </p>
        )}
        {ready && <DevicePickers media={media} state={state} />}
        {ready && (
          <label className={ui.checkbox}>
            <input type="checkbox" data-testid="call-preview-audio-only" checked={state.audioOnly} onChange={(event) => media.setAudioOnly(event.target.checked)} />
            Audio only (for a weak connection: no video sent or received)
          </label>
        )}
        <div className={styles.callPreviewActions}>
          <button type="button" className={clsx(ui.button, ui.primary)} data-testid="call-enter-button" disabled={!ready || joining} onClick={onJoin}>
            {joining ? "Joining…" : "Join now"}
          </button>
          <button type="button" className={clsx(ui.button, ui.secondary)} data-testid="call-cancel-button" onClick={onCancel}>
            {state.status === "failed" ? "Close" : "Cancel"}
          </button>
          {state.status === "failed" && (
            <button type="button" className={clsx(ui.button, ui.secondary)} data-testid="call-retry-button" onClick={() => void media.start()}>
              Try again
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
