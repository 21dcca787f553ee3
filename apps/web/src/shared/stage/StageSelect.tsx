import type { TrackList } from "@mockloop/protocol";

export type Tracks = TrackList["tracks"];

/** "track/stage", the value of a stage picker. */
export function stageKey(trackId: string, stageId: string): string {
  return `${trackId}/${stageId}`;
}

export function findStage(tracks: Tracks | null, key: string) {
  const [trackId = "", stageId = ""] = key.split("/");
  const track = tracks?.find((t) => t.id === trackId);
  return { track, stage: track?.stages.find((s) => s.id === stageId) };
}

interface StageSelectProps {
  id: string;
  testId: string;
  tracks: Tracks;
  value: string;
  onChange: (key: string) => void;
}

/** Every stage of every track, grouped by track, with its length. */
export function StageSelect({ id, testId, tracks, value, onChange }: StageSelectProps) {
  return (
    <select id={id} data-testid={testId} value={value} onChange={(event) => onChange(event.target.value)}>
      {tracks.map((track) => (
        <optgroup key={track.id} label={track.name}>
          {track.stages.map((stage) => (
            <option key={stage.id} value={stageKey(track.id, stage.id)}>
              {stage.name} ({stage.minutes} min)
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}
