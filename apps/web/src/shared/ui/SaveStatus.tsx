import clsx from "clsx";
import type { SaveStatus as Status } from "../drafts/draft-sync.ts";
import { formatClock } from "../format.ts";
import styles from "./SaveStatus.module.css";
import ui from "./ui.module.css";

function statusText(status: Status): string {
  switch (status.kind) {
    case "idle":
      return "Saves as you type";
    case "pending":
    case "saving":
      return "Saving…";
    case "saved":
      return `Saved ${formatClock(status.at)}`;
    case "offline":
      return "Not saved: offline. Saves when the connection is back.";
    case "error":
      return `Not saved: ${status.message}.${status.recovery === "automatic" ? " Retrying…" : ""}`;
  }
}

/** Where the draft stands: "Saving…", "Saved 14:02", "Not saved: …". */
export function SaveStatus({ status, onRetry, announce = true }: { status: Status; onRetry?: () => void; announce?: boolean }) {
  const trouble = status.kind === "error" || status.kind === "offline";
  return (
    <p className={clsx(styles.saveStatus, trouble && styles.trouble)} data-testid="save-status" data-status={status.kind} role={announce ? "status" : undefined}>
      {statusText(status)}
      {status.kind === "error" && status.recovery === "manual" && onRetry && (
        <>
          {" "}
          <button type="button" className={ui.linkButton} onClick={onRetry}>
            Try again
          </button>
        </>
      )}
    </p>
  );
}
