/** Time left as m:ss in whole minutes (a 60-minute round reads 60:00), rounding up so only zero reads 0:00. */
export function formatTimeLeft(ms: number): string {
  const totalSeconds = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return `${minutes}:${String(seconds).padStart(2, "0")}`;
}

/** A clock offset for humans: "+12 ms ± 3 ms". */
export function formatOffset(offsetMs: number, errorMs: number): string {
  const offset = Math.round(offsetMs);
  const sign = offset >= 0 ? "+" : "−";
  return `${sign}${Math.abs(offset)} ms ± ${Math.max(1, Math.round(errorMs))} ms`;
}

export function formatDateTime(epochMs: number): string {
  return new Date(epochMs).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export function roleLabel(role: "interviewer" | "candidate" | "observer"): string {
  return role === "interviewer" ? "Interviewer" : role === "candidate" ? "Candidate" : "Observer";
}

/** A time of day for "Saved 14:02", in the reader's locale. */
export function formatClock(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}
