import type { ParticipantView } from "@mockloop/protocol";
import type { RoomClient } from "@mockloop/protocol/client";
import clsx from "clsx";
import { Component, lazy, Suspense, useState, type ReactNode } from "react";

import ui from "../../shared/ui/ui.module.css";

// The call's code (WebRTC, devices, its styles) is its own chunk, fetched when someone opens the call.
const CallExperience = lazy(() => import("./CallExperience.tsx"));

export interface CallPanelProps {
  client: RoomClient;
  me: ParticipantView;
  participants: readonly ParticipantView[];
}

/** The room's call: a "Join call" button until someone opens it. Nothing asks for a camera or microphone before. */
export function CallPanel({ client, me, participants }: CallPanelProps) {
  const [open, setOpen] = useState(false);
  return (
    <section className={ui.card} aria-labelledby="call-title" data-testid="call-panel">
      <div className={ui.cardTitleRow}>
        <h2 id="call-title">Video call</h2>
        {!open && (
          <button type="button" className={clsx(ui.button, ui.primary)} data-testid="call-join-button" onClick={() => setOpen(true)}>
            Join call
          </button>
        )}
      </div>
      {open ? (
        <CallBoundary onClose={() => setOpen(false)}>
          <Suspense fallback={<p className={ui.muted}>Opening the call…</p>}>
            <CallExperience client={client} me={me} participants={participants} onClose={() => setOpen(false)} />
          </Suspense>
        </CallBoundary>
      ) : (
        <p className={ui.hint}>
          Your camera and microphone are asked for only when you join. Audio and video go straight between the people in the call, encrypted end to end,
          and nothing is recorded.
        </p>
      )}
    </section>
  );
}

/** A failure inside the call closes the call only; the timer, questions and scorecard carry on. */
class CallBoundary extends Component<{ children: ReactNode; onClose(): void }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <p className={ui.error} role="alert" data-testid="call-failed">
        The call stopped working on this page; the rest of the room is fine.{" "}
        <button type="button" className={ui.linkButton} onClick={this.props.onClose}>
          Close the call
        </button>
      </p>
    );
  }
}
