import type { ErrorBody } from "@mockloop/protocol";
import { isTransient } from "../api/transient.ts";

/**
 * Autosave for one versioned draft (the interviewer's scorecard, an observer's notes), without React:
 * edits are saved after a pause in typing, each save names the version it was based on, a stale save
 * (another tab saved first) loads the stored draft instead, and a reconnect saves what is pending or
 * picks up what other tabs saved meanwhile.
 */

export interface DraftRecord<T> {
  value: T;
  version: number;
  updatedAt: number | null;
}

export type SaveAck = { ok: true; data: { version: number; updatedAt: number } } | { ok: false; error: ErrorBody };

export interface DraftBackend<T> {
  /** The stored draft; throws when it cannot be read. */
  load(): Promise<DraftRecord<T>>;
  save(value: T, baseVersion: number): Promise<SaveAck>;
  /** The stored draft a DRAFT_CONFLICT carries in `details.latest`, or null when it does not parse. */
  parseLatest(latest: unknown): DraftRecord<T> | null;
  equals(a: T, b: T): boolean;
  /** Drafts saved by this person's other tabs, as they happen (optional). */
  subscribeRemote?(listener: (record: DraftRecord<T>) => void): () => void;
}

export type SaveStatus =
  /** Loaded; nothing typed since. */
  | { kind: "idle" }
  /** Typed; waiting for a pause before saving. */
  | { kind: "pending" }
  | { kind: "saving" }
  | { kind: "saved"; at: number }
  /** Typed while the connection is down; saved when it is back. */
  | { kind: "offline" }
  | { kind: "error"; message: string; recovery: SaveRecovery };

/**
 * How a failed save can still succeed: on its own (it is retried), by trying again by hand, or only by changing
 * the draft — a draft too large or refused as invalid fails the same way however often it is sent.
 */
export type SaveRecovery = "automatic" | "manual" | "edit";

const FIXED_BY_EDITING: ReadonlySet<string> = new Set(["MESSAGE_TOO_LARGE", "BAD_REQUEST"]);
/** Answers after which a save may or may not have been stored. */
const OUTCOME_UNKNOWN: ReadonlySet<string> = new Set(["NO_ANSWER", "STORE_UNAVAILABLE"]);

export function saveRecovery(error: ErrorBody): SaveRecovery {
  if (isTransient(error)) return "automatic";
  return FIXED_BY_EDITING.has(error.code) ? "edit" : "manual";
}

export interface DraftSnapshot<T> {
  phase: "loading" | "ready" | "failed";
  loadError: string | null;
  /** What the form shows. */
  value: T;
  /** The stored version `value` is based on. */
  version: number;
  /** Whether `value` differs from what is stored at `version`. */
  dirty: boolean;
  status: SaveStatus;
  /** When a save was refused because another tab changed the draft and the stored one was loaded instead. */
  conflictAt: number | null;
}

export interface DraftSyncOptions {
  debounceMs?: number;
  /** First delay before retrying a save that failed for a passing reason; doubles up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
  now?: () => number;
}

export function saveErrorMessage(error: ErrorBody): string {
  switch (error.code) {
    case "NO_ANSWER":
      return "the server did not answer";
    case "INTERNAL":
      return "the server could not save it";
    case "NOT_JOINED":
      return "reconnecting to the room";
    case "STORE_UNAVAILABLE":
      return "storage is unavailable for a moment";
    case "SCORECARD_ALREADY_SUBMITTED":
      return "the scorecard is already submitted";
    case "MESSAGE_TOO_LARGE":
      return "the notes are too long; shorten some of them";
    default:
      return error.message;
  }
}

export class DraftSync<T> {
  private snapshot: DraftSnapshot<T>;
  /** What is stored at `snapshot.version`. */
  private saved: T;
  private readonly listeners = new Set<() => void>();
  private debounce: ReturnType<typeof setTimeout> | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private retries = 0;
  private running: Promise<void> | null = null;
  /** When what is stored at `snapshot.version` was saved. */
  private lastSaved: number | null = null;
  /**
   * The value of the last save whose answer never came (the server may have stored it): when a later save then
   * meets a DRAFT_CONFLICT whose stored draft is this value, the conflict is with this tab's own save.
   */
  private unanswered: { value: T } | null = null;
  private online = true;
  private held = false;
  private epoch: number | null = null;
  private loadSeq = 0;
  private unsubscribeRemote: (() => void) | undefined;
  private readonly debounceMs: number;
  private readonly retryMs: number;
  private readonly maxRetryMs: number;
  private readonly now: () => number;

  constructor(
    private readonly backend: DraftBackend<T>,
    initial: T,
    options: DraftSyncOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? 400;
    this.retryMs = options.retryMs ?? 2_000;
    this.maxRetryMs = options.maxRetryMs ?? 15_000;
    this.now = options.now ?? Date.now;
    this.saved = initial;
    this.snapshot = { phase: "loading", loadError: null, value: initial, version: 0, dirty: false, status: { kind: "idle" }, conflictAt: null };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): DraftSnapshot<T> => this.snapshot;

  private set(patch: Partial<DraftSnapshot<T>>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }

  /**
   * Starts following the stored draft: loads it the first time, listens for other tabs' saves.
   * The returned stop function saves anything pending right away (a form closing mid-pause loses nothing).
   */
  start(): () => void {
    if (this.snapshot.phase !== "ready") void this.load();
    this.unsubscribeRemote = this.backend.subscribeRemote?.((record) => this.adoptRemote(record));
    return () => {
      this.unsubscribeRemote?.();
      this.unsubscribeRemote = undefined;
      this.clearTimers();
      if (this.snapshot.dirty && this.online && !this.held) void this.run();
    };
  }

  /** Reads the stored draft. After the first load, it only replaces a form with no unsaved edits. */
  async load(): Promise<void> {
    const seq = ++this.loadSeq;
    const first = this.snapshot.phase !== "ready";
    if (first) this.set({ phase: "loading", loadError: null });
    let record: DraftRecord<T>;
    try {
      record = await this.backend.load();
    } catch (error) {
      if (seq === this.loadSeq && first) this.set({ phase: "failed", loadError: error instanceof Error ? error.message : String(error) });
      return;
    }
    if (seq !== this.loadSeq) return;
    if (first) {
      this.adopt(record);
      this.set({ phase: "ready", loadError: null });
    } else if (!this.snapshot.dirty && !this.running && record.version > this.snapshot.version) {
      this.adopt(record);
    }
  }

  /** The form changed. Saves after a pause in typing. */
  edit(value: T): void {
    if (this.snapshot.phase !== "ready") return;
    clearTimeout(this.debounce);
    this.debounce = undefined;
    const dirty = !this.backend.equals(value, this.saved);
    if (!dirty) {
      const status = this.snapshot.status.kind === "pending" || this.snapshot.status.kind === "offline" ? this.restingStatus() : this.snapshot.status;
      this.set({ value, dirty, status: this.running ? this.snapshot.status : status });
      return;
    }
    const waiting = !this.online || this.held;
    this.set({ value, dirty, status: this.running ? this.snapshot.status : waiting && !this.held ? { kind: "offline" } : { kind: "pending" } });
    if (!waiting) {
      this.debounce = setTimeout(() => {
        this.debounce = undefined;
        void this.run();
      }, this.debounceMs);
    }
  }

  /** Saves whatever is unsaved now, without waiting for the pause. Resolves once nothing is pending or a save failed. */
  async flush(): Promise<void> {
    clearTimeout(this.debounce);
    this.debounce = undefined;
    // A save under way may stop short of edits made during it (it leaves them to the pause): go on after it.
    if (this.running) await this.running;
    clearTimeout(this.debounce);
    this.debounce = undefined;
    await this.run();
  }

  /**
   * The connection went down or came back. `epoch` changes with every successful (re)join: saving waits for it
   * after a drop (the server forgets a connection's room), then pending edits are saved or, without any, the
   * stored draft is read again (another tab may have saved meanwhile).
   */
  setOnline(connected: boolean, epoch: number): void {
    const first = this.epoch === null;
    const rejoined = !first && epoch !== this.epoch;
    this.epoch = epoch;
    if (!connected) {
      this.online = false;
      clearTimeout(this.debounce);
      this.debounce = undefined;
      if (this.snapshot.dirty && !this.running) this.set({ status: { kind: "offline" } });
      return;
    }
    // Connected again but not rejoined yet: a save now would only be refused.
    if (!this.online && !rejoined) return;
    this.online = true;
    if (!rejoined) return;
    if (this.snapshot.phase === "failed") void this.load();
    else if (this.snapshot.phase === "ready") {
      if (this.snapshot.dirty) void this.flush();
      else void this.load();
    }
  }

  /** Stops saving (while the form is being submitted). */
  hold(): void {
    this.held = true;
    this.clearTimers();
  }

  /** Saving resumes; pending edits are saved after the usual pause. */
  release(): void {
    this.held = false;
    if (this.snapshot.dirty) this.edit(this.snapshot.value);
  }

  dismissConflict(): void {
    this.set({ conflictAt: null });
  }

  /** A draft another tab saved: taken over only when this form has nothing unsaved and it is newer. */
  adoptRemote(record: DraftRecord<T>): void {
    if (this.snapshot.phase !== "ready" || this.snapshot.dirty || this.running) return;
    if (record.version <= this.snapshot.version) return;
    this.adopt(record);
  }

  private adopt(record: DraftRecord<T>): void {
    this.saved = record.value;
    this.lastSaved = record.version > 0 ? record.updatedAt : null;
    this.set({
      value: record.value,
      version: record.version,
      dirty: false,
      status: record.updatedAt !== null && record.version > 0 ? { kind: "saved", at: record.updatedAt } : { kind: "idle" },
    });
  }

  /** Takes `record` as what is stored (a save's own, or one found stored), keeping what the form shows (still unsaved if it differs). */
  private rebase(record: DraftRecord<T>): void {
    this.saved = record.value;
    this.lastSaved = record.updatedAt;
    const dirty = !this.backend.equals(this.snapshot.value, record.value);
    this.set({ version: record.version, dirty, status: dirty ? { kind: "pending" } : this.restingStatus() });
  }

  private restingStatus(): SaveStatus {
    return this.lastSaved !== null ? { kind: "saved", at: this.lastSaved } : { kind: "idle" };
  }

  private clearTimers(): void {
    clearTimeout(this.debounce);
    clearTimeout(this.retry);
    this.debounce = undefined;
    this.retry = undefined;
  }

  /** One save at a time; edits made during a save are saved right after it. */
  private run(): Promise<void> {
    if (this.running) return this.running;
    const work = (async () => {
      while (this.snapshot.dirty && this.online && !this.held) {
        const outcome = await this.saveOnce();
        if (outcome !== "saved") break;
        // A pause in typing is still running: let it decide when the next save goes.
        if (this.debounce !== undefined) break;
      }
    })();
    this.running = work.finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async saveOnce(): Promise<"saved" | "conflict" | "error"> {
    clearTimeout(this.retry);
    this.retry = undefined;
    const value = this.snapshot.value;
    this.set({ status: { kind: "saving" } });
    let ack: SaveAck;
    try {
      ack = await this.backend.save(value, this.snapshot.version);
    } catch (error) {
      ack = { ok: false, error: { code: "INTERNAL", message: error instanceof Error ? error.message : String(error) } };
    }
    if (ack.ok) {
      this.retries = 0;
      this.unanswered = null;
      this.rebase({ value, ...ack.data });
      return "saved";
    }
    if (OUTCOME_UNKNOWN.has(ack.error.code)) this.unanswered = { value };
    if (ack.error.code === "DRAFT_CONFLICT") {
      const latest = this.backend.parseLatest(ack.error.details?.latest);
      const stored = latest ?? (await this.backend.load().catch(() => null));
      const unanswered = this.unanswered;
      this.unanswered = null;
      if (stored && unanswered && this.backend.equals(stored.value, unanswered.value)) {
        // Stored by this tab's own save whose answer was lost: what was typed since is saved on top of it, not
        // replaced by it, and nobody else changed anything.
        this.rebase(stored);
        return "saved";
      }
      clearTimeout(this.debounce);
      this.debounce = undefined;
      if (stored) {
        this.adopt(stored);
        this.set({ conflictAt: this.now() });
        return "conflict";
      }
    }
    const recovery = saveRecovery(ack.error);
    this.set({ status: { kind: "error", message: saveErrorMessage(ack.error), recovery } });
    if (recovery === "automatic") {
      const delay = Math.min(this.maxRetryMs, this.retryMs * 2 ** this.retries);
      this.retries += 1;
      this.retry = setTimeout(() => void this.run(), delay);
    }
    return "error";
  }
}
