import { useId } from "react";
import type { LocalMedia, LocalMediaState } from "./media/local-media.ts";

function label(device: MediaDeviceInfo, index: number, what: string): string {
  return device.label || `${what} ${index + 1}`;
}

/** Camera, microphone and (where the browser can choose) speaker. */
export function DevicePickers({ media, state }: { media: LocalMedia; state: LocalMediaState }) {
  const ids = useId();
  const { devices, selected } = state;
  return (
    <div className="call-devices">
      <div className="field">
        <label htmlFor={`${ids}-camera`}>Camera</label>
        <select
          id={`${ids}-camera`}
          data-testid="call-camera-select"
          value={selected.camera}
          disabled={devices.cameras.length === 0}
          onChange={(event) => void media.pickCamera(event.target.value)}
        >
          {devices.cameras.length === 0 && <option value="">No camera found</option>}
          {devices.cameras.map((device, index) => (
            <option key={device.deviceId || index} value={device.deviceId}>
              {label(device, index, "Camera")}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${ids}-microphone`}>Microphone</label>
        <select
          id={`${ids}-microphone`}
          data-testid="call-microphone-select"
          value={selected.microphone}
          disabled={devices.microphones.length === 0}
          onChange={(event) => void media.pickMicrophone(event.target.value)}
        >
          {devices.microphones.length === 0 && <option value="">No microphone found</option>}
          {devices.microphones.map((device, index) => (
            <option key={device.deviceId || index} value={device.deviceId}>
              {label(device, index, "Microphone")}
            </option>
          ))}
        </select>
      </div>
      {devices.speakers.length > 0 && (
        <div className="field">
          <label htmlFor={`${ids}-speaker`}>Speaker</label>
          <select id={`${ids}-speaker`} data-testid="call-speaker-select" value={selected.speaker} onChange={(event) => media.pickSpeaker(event.target.value)}>
            {devices.speakers.map((device, index) => (
              <option key={device.deviceId || index} value={device.deviceId}>
                {label(device, index, "Speaker")}
              </option>
            ))}
          </select>
        </div>
      )}
    </div>
  );
}
