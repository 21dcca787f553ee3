import clsx from "clsx";
import ui from "../../shared/ui/ui.module.css";
import styles from "./Call.module.css";
import type { LocalMedia, LocalMediaState } from "./media/local-media.ts";

interface ControlsProps {
  media: LocalMedia;
  state: LocalMediaState;
  showDevices: boolean;
  onToggleDevices(): void;
  onLeave(): void;
}

const canShareScreen = typeof navigator !== "undefined" && Boolean(navigator.mediaDevices?.getDisplayMedia);

export function Controls({ media, state, showDevices, onToggleDevices, onLeave }: ControlsProps) {
  const sharing = state.screen !== null;
  return (
    <div className={styles.callControls} role="toolbar" aria-label="Call controls">
      <button
        type="button"
        className={clsx(ui.button, ui.small, state.muted && styles.off)}
        aria-pressed={state.muted}
        data-testid="call-mute-button"
        disabled={!state.microphone}
        onClick={() => media.setMuted(!state.muted)}
      >
        {state.muted ? "Unmute" : "Mute"}
      </button>
      <button
        type="button"
        className={clsx(ui.button, ui.small, !state.cameraOn && styles.off)}
        aria-pressed={!state.cameraOn}
        data-testid="call-camera-button"
        disabled={state.audioOnly}
        onClick={() => void media.setCameraOn(!state.cameraOn)}
      >
        {state.cameraOn ? "Camera off" : "Camera on"}
      </button>
      {canShareScreen && (
        <button
          type="button"
          className={clsx(ui.button, ui.small, sharing && styles.on)}
          aria-pressed={sharing}
          data-testid="call-screen-button"
          disabled={state.audioOnly}
          onClick={() => (sharing ? media.stopScreen() : void media.startScreen())}
        >
          {sharing ? "Stop sharing" : "Share screen"}
        </button>
      )}
      <button
        type="button"
        className={clsx(ui.button, ui.small, state.audioOnly && styles.on)}
        aria-pressed={state.audioOnly}
        data-testid="call-audio-only-button"
        onClick={() => media.setAudioOnly(!state.audioOnly)}
      >
        Audio only
      </button>
      <button type="button" className={clsx(ui.button, ui.small)} aria-expanded={showDevices} data-testid="call-devices-button" onClick={onToggleDevices}>
        Devices
      </button>
      <button type="button" className={clsx(ui.button, ui.small, styles.danger)} data-testid="call-leave-button" onClick={onLeave}>
        Leave call
      </button>
    </div>
  );
}
