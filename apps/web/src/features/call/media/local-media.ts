import type { CallMedia } from "@mockloop/protocol";
import type { LocalOutput } from "../transport/media-transport.ts";
import { deviceLostMessage, mediaErrorMessage } from "./media-errors.ts";

export interface DeviceLists {
  microphones: MediaDeviceInfo[];
  cameras: MediaDeviceInfo[];
  /** Empty where the browser cannot choose where sound plays. */
  speakers: MediaDeviceInfo[];
}

export interface LocalMediaState {
  status: "idle" | "starting" | "ready" | "failed";
  /** What this page shows of itself: the camera or the shared screen, with the microphone. */
  preview: MediaStream | null;
  microphone: MediaStreamTrack | null;
  camera: MediaStreamTrack | null;
  screen: MediaStreamTrack | null;
  muted: boolean;
  cameraOn: boolean;
  audioOnly: boolean;
  devices: DeviceLists;
  selected: { microphone: string; camera: string; speaker: string };
  /** The latest problem to show, or null. */
  problem: string | null;
}

export const canPickSpeaker = typeof HTMLMediaElement !== "undefined" && "setSinkId" in HTMLMediaElement.prototype;

type OutputInputs = Pick<LocalMediaState, "microphone" | "camera" | "screen" | "muted" | "cameraOn" | "audioOnly">;

/** What to send: nothing while muted or off; the screen rather than the camera while sharing. */
export function outputOf({ microphone, camera, screen, muted, cameraOn, audioOnly }: OutputInputs): LocalOutput {
  const audio = muted ? null : microphone;
  const video = audioOnly ? null : (screen ?? (cameraOn ? camera : null));
  const media: CallMedia = { audio: Boolean(audio), video: Boolean(video), screen: Boolean(screen) && !audioOnly, audioOnly };
  return { audio, video, media };
}

const noDevices: DeviceLists = { microphones: [], cameras: [], speakers: [] };

/** This page's camera, microphone and screen: asked for only when the person chooses to, and let go on leaving. */
export class LocalMedia {
  private state: LocalMediaState = {
    status: "idle",
    preview: null,
    microphone: null,
    camera: null,
    screen: null,
    muted: false,
    cameraOn: true,
    audioOnly: false,
    devices: noDevices,
    selected: { microphone: "", camera: "", speaker: "" },
    problem: null,
  };
  private readonly listeners = new Set<() => void>();
  private readonly onDeviceChange = () => void this.refreshDevices();
  /** Bumped by stop(): a start still waiting on the browser when it was stopped lets go of what it gets. */
  private generation = 0;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): LocalMediaState => this.state;

  output(): LocalOutput {
    return outputOf(this.state);
  }

  /** Asks for the camera and microphone (falls back to what exists); the browser's permission prompt comes now. */
  async start(): Promise<void> {
    if (!navigator.mediaDevices?.getUserMedia) {
      this.update({ status: "failed", problem: "This browser cannot use a camera or microphone here. Open the room over https in a current browser." });
      return;
    }
    const generation = ++this.generation;
    this.update({ status: "starting", problem: null });
    navigator.mediaDevices.addEventListener("devicechange", this.onDeviceChange);
    let problem: string | null = null;
    let microphone: MediaStreamTrack | null = null;
    let camera: MediaStreamTrack | null = null;
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
      microphone = stream.getAudioTracks()[0] ?? null;
      camera = stream.getVideoTracks()[0] ?? null;
    } catch (error) {
      // A missing or busy camera should not keep someone out of the call: try the microphone alone.
      const name = error instanceof DOMException ? error.name : "";
      if (name === "NotAllowedError" || name === "SecurityError") {
        this.update({ status: "failed", problem: mediaErrorMessage(error, "devices") });
        return;
      }
      try {
        microphone = (await navigator.mediaDevices.getUserMedia({ audio: true })).getAudioTracks()[0] ?? null;
        problem = `${mediaErrorMessage(error, "camera")} You can join with your microphone only.`;
      } catch (audioError) {
        this.update({ status: "failed", problem: mediaErrorMessage(audioError, "devices") });
        return;
      }
    }
    if (generation !== this.generation) {
      microphone?.stop();
      camera?.stop();
      return;
    }
    this.watch(microphone);
    this.watch(camera);
    this.update({
      status: "ready",
      microphone,
      camera,
      cameraOn: Boolean(camera),
      problem,
      selected: { ...this.state.selected, microphone: microphone?.getSettings().deviceId ?? "", camera: camera?.getSettings().deviceId ?? "" },
    });
    this.refreshPreview();
    await this.refreshDevices();
  }

  setMuted(muted: boolean): void {
    this.update({ muted });
  }

  async setCameraOn(on: boolean): Promise<void> {
    if (!on) {
      this.state.camera?.stop();
      this.update({ cameraOn: false, camera: null });
      this.refreshPreview();
      return;
    }
    await this.openCamera(this.state.selected.camera);
  }

  async pickCamera(deviceId: string): Promise<void> {
    this.update({ selected: { ...this.state.selected, camera: deviceId } });
    if (this.state.cameraOn) await this.openCamera(deviceId);
  }

  async pickMicrophone(deviceId: string): Promise<void> {
    this.update({ selected: { ...this.state.selected, microphone: deviceId } });
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: deviceId ? { deviceId: { exact: deviceId } } : true });
      const microphone = stream.getAudioTracks()[0] ?? null;
      this.state.microphone?.stop();
      this.watch(microphone);
      this.update({ microphone, problem: null });
      this.refreshPreview();
    } catch (error) {
      this.update({ problem: mediaErrorMessage(error, "microphone") });
    }
  }

  pickSpeaker(deviceId: string): void {
    this.update({ selected: { ...this.state.selected, speaker: deviceId } });
  }

  setAudioOnly(audioOnly: boolean): void {
    this.update({ audioOnly });
  }

  async startScreen(): Promise<void> {
    try {
      const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
      const screen = stream.getVideoTracks()[0] ?? null;
      // The browser's own "Stop sharing" button ends the track.
      screen?.addEventListener("ended", () => {
        if (this.state.screen === screen) this.stopScreen();
      });
      this.update({ screen, problem: null });
      this.refreshPreview();
    } catch (error) {
      this.update({ problem: mediaErrorMessage(error, "screen") });
    }
  }

  stopScreen(): void {
    this.state.screen?.stop();
    this.update({ screen: null });
    this.refreshPreview();
  }

  dismissProblem(): void {
    this.update({ problem: null });
  }

  /** Lets go of every device: the camera light goes off. */
  stop(): void {
    this.generation++;
    navigator.mediaDevices?.removeEventListener("devicechange", this.onDeviceChange);
    for (const track of [this.state.microphone, this.state.camera, this.state.screen]) track?.stop();
    this.update({ status: "idle", microphone: null, camera: null, screen: null, preview: null });
  }

  private async openCamera(deviceId: string): Promise<void> {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ video: deviceId ? { deviceId: { exact: deviceId } } : true });
      const camera = stream.getVideoTracks()[0] ?? null;
      this.state.camera?.stop();
      this.watch(camera);
      this.update({ camera, cameraOn: Boolean(camera), problem: null });
      this.refreshPreview();
    } catch (error) {
      this.update({ problem: mediaErrorMessage(error, "camera") });
    }
  }

  /** An unplugged device ends its track: say so, and send nothing in its place. */
  private watch(track: MediaStreamTrack | null): void {
    track?.addEventListener("ended", () => {
      if (track === this.state.microphone) {
        this.update({ microphone: null, problem: deviceLostMessage("audio") });
      } else if (track === this.state.camera) {
        this.update({ camera: null, cameraOn: false, problem: deviceLostMessage("video") });
      } else {
        return;
      }
      this.refreshPreview();
      void this.refreshDevices();
    });
  }

  private refreshPreview(): void {
    const { microphone, camera, screen } = this.state;
    const video = screen ?? camera;
    const tracks = [microphone, video].filter((track): track is MediaStreamTrack => track !== null);
    this.update({ preview: tracks.length > 0 ? new MediaStream(tracks) : null });
  }

  private async refreshDevices(): Promise<void> {
    try {
      const all = await navigator.mediaDevices.enumerateDevices();
      this.update({
        devices: {
          microphones: all.filter((device) => device.kind === "audioinput"),
          cameras: all.filter((device) => device.kind === "videoinput"),
          speakers: canPickSpeaker ? all.filter((device) => device.kind === "audiooutput") : [],
        },
      });
    } catch {
      // The lists stay as they were.
    }
  }

  private update(patch: Partial<LocalMediaState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}
