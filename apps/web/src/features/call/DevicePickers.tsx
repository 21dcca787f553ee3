import { useId } from "react";
import ui from "../../shared/ui/ui.module.css";
import styles from "./Call.module.css";
import type { LocalMedia, LocalMediaState } from "./media/local-media.ts";

interface DeviceSelectProps {
  what: "Camera" | "Microphone" | "Speaker";
  testId: string;
  devices: MediaDeviceInfo[];
  value: string;
  onPick(deviceId: string): void;
}

function DeviceSelect({ what, testId, devices, value, onPick }: DeviceSelectProps) {
  const id = useId();
  return (
    <div className={ui.field}>
      <label htmlFor={id}>{what}</label>
      <select id={id} data-testid={testId} value={value} disabled={devices.length === 0} onChange={(event) => onPick(event.target.value)}>
        {devices.length === 0 && <option value="">No {what.toLowerCase()} found</option>}
        {devices.map((device, index) => (
          <option key={device.deviceId || index} value={device.deviceId}>
            {device.label || `${what} ${index + 1}`}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Camera, microphone and (where the browser can choose) speaker. */
export function DevicePickers({ media, state }: { media: LocalMedia; state: LocalMediaState }) {
  const { devices, selected } = state;
  return (
    <div className={styles.callDevices}>
      <DeviceSelect what="Camera" testId="call-camera-select" devices={devices.cameras} value={selected.camera} onPick={(id) => void media.pickCamera(id)} />
      <DeviceSelect
        what="Microphone"
        testId="call-microphone-select"
        devices={devices.microphones}
        value={selected.microphone}
        onPick={(id) => void media.pickMicrophone(id)}
      />
      {devices.speakers.length > 0 && (
        <DeviceSelect what="Speaker" testId="call-speaker-select" devices={devices.speakers} value={selected.speaker} onPick={(id) => media.pickSpeaker(id)} />
      )}
    </div>
  );
}
