import { useEffect, useRef } from "react";
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
    <div className="call-preview" data-testid="call-preview">
      <div className="call-preview-video">
        <video ref={video} autoPlay playsInline muted className={state.camera && !state.audioOnly ? "mirrored" : "hidden-video"} data-testid="call-preview-video" />
        {(!state.camera || state.audioOnly) && (
          <p className="call-preview-empty">{state.status === "starting" ? "Starting your camera…" : state.status === "failed" ? "No camera in use" : state.audioOnly ? "Audio only" : "Camera off"}</p>
        )}
      </div>
      <div className="call-preview-side">
        {state.problem && (
          <p className={state.status === "failed" ? "error" : "notice"} role="alert" data-testid="call-problem">
            {state.problem}
          </p>
        )}
        {ready && <DevicePickers media={media} state={state} />}
        {ready && (
          <label className="checkbox">
            <input type="checkbox" data-testid="call-preview-audio-only" checked={state.audioOnly} onChange={(event) => media.setAudioOnly(event.target.checked)} />
            Audio only (for a weak connection: no video sent or received)
          </label>
        )}
        <div className="call-preview-actions">
          <button type="button" className="button primary" data-testid="call-enter-button" disabled={!ready || joining} onClick={onJoin}>
            {joining ? "Joining…" : "Join now"}
          </button>
          <button type="button" className="button secondary" data-testid="call-cancel-button" onClick={onCancel}>
            {state.status === "failed" ? "Close" : "Cancel"}
          </button>
          {state.status === "failed" && (
            <button type="button" className="button secondary" data-testid="call-retry-button" onClick={() => void media.start()}>
              Try again
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
