import { useEffect, useState } from "react";

const SPEAKING_LEVEL = 0.02;
const CHECK_EVERY_MS = 150;

let sharedContext: AudioContext | null = null;

/** Whether the audio in `track` is loud enough to be someone speaking; checked a few times a second. */
export function useSpeaking(track: MediaStreamTrack | null): boolean {
  const [speaking, setSpeaking] = useState(false);
  useEffect(() => {
    if (!track || typeof AudioContext === "undefined") return;
    sharedContext ??= new AudioContext();
    const context = sharedContext;
    void context.resume().catch(() => undefined);
    const source = context.createMediaStreamSource(new MediaStream([track]));
    const analyser = context.createAnalyser();
    analyser.fftSize = 512;
    source.connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const timer = window.setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const sample of samples) sum += sample * sample;
      setSpeaking(track.enabled && track.readyState === "live" && Math.sqrt(sum / samples.length) > SPEAKING_LEVEL);
    }, CHECK_EVERY_MS);
    return () => {
      window.clearInterval(timer);
      source.disconnect();
      setSpeaking(false);
    };
  }, [track]);
  return speaking;
}
