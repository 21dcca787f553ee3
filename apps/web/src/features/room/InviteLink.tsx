import { useEffect, useRef, useState } from "react";
import { roomPath } from "../../shared/router.ts";
import ui from "../../shared/ui/ui.module.css";
import clsx from "clsx";
import styles from "./InviteLink.module.css";

export function inviteUrl(roomId: string): string {
  return `${window.location.origin}${roomPath(roomId)}`;
}

/** The room's link, read-only and selectable, with a copy button. */
export function InviteLink({ roomId }: { roomId: string }) {
  const url = inviteUrl(roomId);
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<"idle" | "copied" | "select">("idle");

  useEffect(() => {
    if (copied === "idle") return;
    const timer = window.setTimeout(() => setCopied("idle"), 2500);
    return () => window.clearTimeout(timer);
  }, [copied]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setCopied("copied");
    } catch {
      // No clipboard permission (or an insecure origin): select the text so a keyboard copy works.
      input.current?.select();
      setCopied("select");
    }
  }

  return (
    <div className={styles.invite}>
      <label htmlFor="invite-link">Invite link</label>
      <div className={styles.inviteRow}>
        <input
          id="invite-link"
          ref={input}
          data-testid="invite-link"
          className={styles.inviteInput}
          type="text"
          readOnly
          value={url}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button type="button" className={clsx(ui.button, ui.secondary)} onClick={() => void copy()}>
          {copied === "copied" ? "Copied" : "Copy"}
        </button>
      </div>
      <p className={ui.hint} aria-live="polite">
        {copied === "select" ? "Press Ctrl+C (⌘C) to copy the selected link." : "Send it to the other person; they join from any browser."}
      </p>
    </div>
  );
}
