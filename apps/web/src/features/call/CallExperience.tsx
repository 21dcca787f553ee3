import type { ParticipantView } from "@mockloop/protocol";
import type { RoomClient } from "@mockloop/protocol/client";
import { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { ErrorMessage } from "../../shared/ui/ErrorMessage.tsx";
import { CallStage } from "./CallStage.tsx";
import { LocalMedia, outputOf } from "./media/local-media.ts";
import { Preview } from "./Preview.tsx";
import { MeshTransport } from "./transport/mesh-transport.ts";
import { roomSignalling } from "./transport/signalling.ts";

export interface CallExperienceProps {
  client: RoomClient;
  me: ParticipantView;
  participants: readonly ParticipantView[];
  onClose(): void;
}

/** The call, loaded on demand: the preview first, then the call itself. Leaving lets go of every device. */
export default function CallExperience({ client, me, participants, onClose }: CallExperienceProps) {
  const [media] = useState(() => new LocalMedia());
  const local = useSyncExternalStore(media.subscribe, media.getSnapshot);
  const [transport] = useState(() => new MeshTransport({ signalling: roomSignalling(client), myId: me.id }));
  const peers = useSyncExternalStore(transport.subscribe, transport.peers);
  const transportProblem = useSyncExternalStore(transport.subscribe, transport.problem);
  const [phase, setPhase] = useState<"preview" | "joining" | "in-call">("preview");
  const [joinProblem, setJoinProblem] = useState<string | null>(null);

  useEffect(() => {
    void media.start();
    return () => {
      transport.leave();
      media.stop();
    };
  }, [media, transport]);

  // Send what changed (mute, camera, screen, audio only, another device), and only then.
  const { microphone, camera, screen, muted, cameraOn, audioOnly } = local;
  const output = useMemo(() => outputOf({ microphone, camera, screen, muted, cameraOn, audioOnly }), [microphone, camera, screen, muted, cameraOn, audioOnly]);
  useEffect(() => {
    if (phase === "in-call") transport.update(output);
  }, [transport, output, phase]);
  useEffect(() => transport.setRoom(participants.map((person) => person.id)), [transport, participants]);

  async function join() {
    setPhase("joining");
    setJoinProblem(null);
    try {
      await transport.join(media.output());
      setPhase("in-call");
    } catch {
      setJoinProblem("The call could not be joined just now. Check your connection and try again.");
      setPhase("preview");
    }
  }

  function leave() {
    transport.leave();
    media.stop();
    onClose();
  }

  if (phase !== "in-call") {
    return (
      <>
        {joinProblem && (
          <ErrorMessage error={joinProblem} />
        )}
        <Preview media={media} state={local} joining={phase === "joining"} onJoin={() => void join()} onCancel={leave} />
      </>
    );
  }
  return <CallStage media={media} local={local} output={output} me={me} participants={participants} peers={peers} problem={transportProblem} onLeave={leave} />;
}
