import type { ErrorBody } from "@mockloop/protocol";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DraftSync, saveErrorMessage, saveRecovery, type DraftBackend, type DraftRecord, type SaveAck } from "./draft-sync.ts";

/** A stand-in for the server's versioned draft store, with a switch to hold saves mid-flight and queued failures. */
class FakeServer implements DraftBackend<string> {
  stored: DraftRecord<string> = { value: "", version: 0, updatedAt: null };
  saves: { value: string; baseVersion: number }[] = [];
  loads = 0;
  failures: ErrorBody[] = [];
  /** How many of the next saves are stored and then answered STORE_UNAVAILABLE (the answer lost on its way). */
  answersToLose = 0;
  /** When set, saves wait for `release()`. */
  holdSaves = false;
  private waiting: (() => void)[] = [];
  private remote: ((record: DraftRecord<string>) => void) | undefined;
  clock = 1_000;

  async load(): Promise<DraftRecord<string>> {
    this.loads += 1;
    return { ...this.stored };
  }

  async save(value: string, baseVersion: number): Promise<SaveAck> {
    this.saves.push({ value, baseVersion });
    if (this.holdSaves) await new Promise<void>((resolve) => this.waiting.push(resolve));
    const failure = this.failures.shift();
    if (failure) return { ok: false, error: failure };
    if (baseVersion !== this.stored.version) {
      return { ok: false, error: { code: "DRAFT_CONFLICT", message: "changed elsewhere", details: { latest: this.wire() } } };
    }
    this.clock += 1_000;
    this.stored = { value, version: baseVersion + 1, updatedAt: this.clock };
    if (this.answersToLose > 0) {
      this.answersToLose -= 1;
      return { ok: false, error: { code: "STORE_UNAVAILABLE", message: "the store cannot be reached right now", details: { retryAfterMs: 1_000 } } };
    }
    return { ok: true, data: { version: this.stored.version, updatedAt: this.clock } };
  }

  parseLatest(latest: unknown): DraftRecord<string> | null {
    if (typeof latest !== "object" || latest === null) return null;
    const { notes, version, updatedAt } = latest as Record<string, unknown>;
    if (typeof notes !== "string" || typeof version !== "number") return null;
    return { value: notes, version, updatedAt: typeof updatedAt === "number" ? updatedAt : null };
  }

  equals(a: string, b: string): boolean {
    return a === b;
  }

  subscribeRemote(listener: (record: DraftRecord<string>) => void): () => void {
    this.remote = listener;
    return () => {
      this.remote = undefined;
    };
  }

  /** Another tab of the same person saves. */
  saveElsewhere(value: string, broadcast = true): void {
    this.clock += 1_000;
    this.stored = { value, version: this.stored.version + 1, updatedAt: this.clock };
    if (broadcast) this.remote?.({ ...this.stored });
  }

  release(): void {
    this.holdSaves = false;
    for (const resolve of this.waiting.splice(0)) resolve();
  }

  private wire() {
    return { notes: this.stored.value, version: this.stored.version, updatedAt: this.stored.updatedAt };
  }
}

async function started(server: FakeServer, options = {}) {
  const sync = new DraftSync(server, "", { now: () => 42, ...options });
  const stop = sync.start();
  sync.setOnline(true, 1);
  await vi.advanceTimersByTimeAsync(0);
  return { sync, stop };
}

describe("DraftSync", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("loads the stored draft exactly as it was saved", async () => {
    const server = new FakeServer();
    server.stored = { value: "notes from before the reload", version: 7, updatedAt: 5_000 };
    const { sync } = await started(server);
    expect(sync.getSnapshot()).toMatchObject({ phase: "ready", value: "notes from before the reload", version: 7, dirty: false });
    expect(sync.getSnapshot().status).toEqual({ kind: "saved", at: 5_000 });
  });

  it("saves once, 400 ms after the last keystroke, based on the version it started from", async () => {
    const server = new FakeServer();
    const { sync } = await started(server);
    sync.edit("a");
    await vi.advanceTimersByTimeAsync(300);
    sync.edit("ab");
    await vi.advanceTimersByTimeAsync(300);
    sync.edit("abc");
    expect(sync.getSnapshot().status.kind).toBe("pending");
    await vi.advanceTimersByTimeAsync(399);
    expect(server.saves).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.saves).toEqual([{ value: "abc", baseVersion: 0 }]);
    expect(sync.getSnapshot()).toMatchObject({ value: "abc", version: 1, dirty: false, status: { kind: "saved", at: 2_000 } });
  });

  it("does not save when the text is changed back to what is stored", async () => {
    const server = new FakeServer();
    server.stored = { value: "kept", version: 3, updatedAt: 9_000 };
    const { sync } = await started(server);
    sync.edit("kept!");
    sync.edit("kept");
    await vi.advanceTimersByTimeAsync(1_000);
    expect(server.saves).toEqual([]);
    expect(sync.getSnapshot()).toMatchObject({ dirty: false, status: { kind: "saved", at: 9_000 } });
  });

  it("saves edits made during a save right after it, on the new version", async () => {
    const server = new FakeServer();
    const { sync } = await started(server);
    server.holdSaves = true;
    sync.edit("first");
    await vi.advanceTimersByTimeAsync(400);
    expect(sync.getSnapshot().status.kind).toBe("saving");
    sync.edit("first and second");
    server.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(sync.getSnapshot()).toMatchObject({ version: 1, dirty: true });
    await vi.advanceTimersByTimeAsync(400);
    expect(server.saves).toEqual([
      { value: "first", baseVersion: 0 },
      { value: "first and second", baseVersion: 1 },
    ]);
    expect(sync.getSnapshot()).toMatchObject({ value: "first and second", version: 2, dirty: false });
  });

  it("flushes everything, including edits made while a save was under way", async () => {
    const server = new FakeServer();
    const { sync } = await started(server);
    server.holdSaves = true;
    sync.edit("one");
    await vi.advanceTimersByTimeAsync(400);
    sync.edit("one two");
    const flushed = sync.flush();
    server.release();
    await flushed;
    expect(server.saves.map((save) => save.value)).toEqual(["one", "one two"]);
    expect(sync.getSnapshot()).toMatchObject({ dirty: false, version: 2 });
  });

  it("on DRAFT_CONFLICT shows the stored draft from the error and says so", async () => {
    const server = new FakeServer();
    const { sync } = await started(server);
    server.saveElsewhere("written in the other tab", false);
    sync.edit("written here");
    await vi.advanceTimersByTimeAsync(400);
    expect(sync.getSnapshot()).toMatchObject({ value: "written in the other tab", version: 1, dirty: false, conflictAt: 42 });
    sync.dismissConflict();
    expect(sync.getSnapshot().conflictAt).toBeNull();
    // The next edit is based on the version it now shows, so it goes through.
    sync.edit("written in the other tab, then here");
    await vi.advanceTimersByTimeAsync(400);
    expect(server.stored).toMatchObject({ value: "written in the other tab, then here", version: 2 });
  });

  /** A tab whose first save, `text`, the server stores and whose answer is lost. */
  async function afterALostAnswer(text: string) {
    const server = new FakeServer();
    const { sync } = await started(server);
    server.answersToLose = 1;
    sync.edit(text);
    await vi.advanceTimersByTimeAsync(400);
    return { server, sync };
  }

  it("saves what was typed since on top of its own save whose answer was lost, keeping it and saying nothing of a conflict", async () => {
    const { server, sync } = await afterALostAnswer("strong on ownership");
    // Stored, but this tab was told the store could not be reached.
    expect(server.stored).toMatchObject({ value: "strong on ownership", version: 1 });
    expect(sync.getSnapshot().status).toMatchObject({ kind: "error", recovery: "automatic" });
    sync.edit("strong on ownership; vague on metrics");
    await vi.advanceTimersByTimeAsync(10_000);
    // The retry met its own first save as a conflict, and saved the newer text on top of it.
    expect(server.stored).toMatchObject({ value: "strong on ownership; vague on metrics", version: 2 });
    expect(sync.getSnapshot()).toMatchObject({ value: "strong on ownership; vague on metrics", version: 2, dirty: false, conflictAt: null, status: { kind: "saved" } });
  });

  it("still shows another tab's draft when that tab saved after this tab's save whose answer was lost", async () => {
    const { server, sync } = await afterALostAnswer("written here");
    server.saveElsewhere("written in the other tab", false);
    sync.edit("written here, and more");
    await vi.advanceTimersByTimeAsync(10_000);
    expect(server.stored).toMatchObject({ value: "written in the other tab", version: 2 });
    expect(sync.getSnapshot()).toMatchObject({ value: "written in the other tab", version: 2, dirty: false, conflictAt: 42 });
  });

  it("reads the draft again when a conflict carries nothing it can parse", async () => {
    const server = new FakeServer();
    const { sync } = await started(server);
    server.saveElsewhere("elsewhere", false);
    server.failures.push({ code: "DRAFT_CONFLICT", message: "changed", details: { latest: "garbage" } });
    sync.edit("here");
    await vi.advanceTimersByTimeAsync(400);
    expect(sync.getSnapshot()).toMatchObject({ value: "elsewhere", version: 1, conflictAt: 42 });
  });

  it("adopts another tab's save only when nothing here is unsaved and it is newer", async () => {
    const server = new FakeServer();
    const { sync } = await started(server);
    server.saveElsewhere("from the other tab");
    expect(sync.getSnapshot()).toMatchObject({ value: "from the other tab", version: 1, dirty: false });
    sync.adoptRemote({ value: "stale", version: 1, updatedAt: 1 });
    expect(sync.getSnapshot().value).toBe("from the other tab");
    sync.edit("typing here");
    server.saveElsewhere("newer from the other tab");
    expect(sync.getSnapshot()).toMatchObject({ value: "typing here", version: 1, dirty: true });
  });

  it("waits for the rejoin after a drop, then saves what was typed meanwhile", async () => {
    const server = new FakeServer();
    const { sync } = await started(server);
    sync.setOnline(false, 1);
    sync.edit("typed offline");
    expect(sync.getSnapshot().status.kind).toBe("offline");
    await vi.advanceTimersByTimeAsync(1_000);
    // The socket is back but the room is not rejoined yet: still waiting.
    sync.setOnline(true, 1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(server.saves).toEqual([]);
    sync.setOnline(true, 2);
    await vi.advanceTimersByTimeAsync(0);
    expect(server.saves).toEqual([{ value: "typed offline", baseVersion: 0 }]);
    expect(sync.getSnapshot()).toMatchObject({ dirty: false, version: 1 });
  });

  it("after a rejoin with nothing unsaved, picks up what another tab saved meanwhile", async () => {
    const server = new FakeServer();
    const { sync } = await started(server);
    sync.setOnline(false, 1);
    server.saveElsewhere("saved while this tab was offline", false);
    sync.setOnline(true, 2);
    await vi.advanceTimersByTimeAsync(0);
    expect(sync.getSnapshot()).toMatchObject({ value: "saved while this tab was offline", version: 1 });
  });

  it("keeps unsaved text in the tab while storage is unavailable, retrying until a save succeeds", async () => {
    const server = new FakeServer();
    const { sync } = await started(server, { retryMs: 1_000 });
    const outage = { code: "STORE_UNAVAILABLE" as const, message: "the store cannot be reached", details: { retryAfterMs: 1_000 } };
    server.failures.push(outage, outage, outage);
    sync.edit("written during the outage");
    await vi.advanceTimersByTimeAsync(400);
    expect(sync.getSnapshot()).toMatchObject({
      value: "written during the outage",
      dirty: true,
      status: { kind: "error", message: "storage is unavailable for a moment", recovery: "automatic" },
    });
    await vi.advanceTimersByTimeAsync(1_000 + 2_000 + 4_000);
    expect(server.saves).toHaveLength(4);
    expect(sync.getSnapshot()).toMatchObject({ value: "written during the outage", dirty: false, status: { kind: "saved" } });
    expect(server.stored.value).toBe("written during the outage");
  });

  it("retries passing failures with a growing delay, and not the others", async () => {
    const server = new FakeServer();
    const { sync } = await started(server, { retryMs: 1_000 });
    server.failures.push({ code: "NO_ANSWER", message: "timeout" }, { code: "INTERNAL", message: "internal error" });
    sync.edit("x");
    await vi.advanceTimersByTimeAsync(400);
    expect(sync.getSnapshot().status).toEqual({ kind: "error", message: "the server did not answer", recovery: "automatic" });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(server.saves).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(server.saves).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.saves).toHaveLength(3);
    expect(sync.getSnapshot()).toMatchObject({ dirty: false, status: { kind: "saved" } });

    server.failures.push({ code: "BAD_REQUEST", message: "unknown competency" });
    sync.edit("y");
    await vi.advanceTimersByTimeAsync(400);
    expect(sync.getSnapshot().status).toEqual({ kind: "error", message: "unknown competency", recovery: "edit" });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.saves).toHaveLength(4);
    await sync.flush();
    expect(server.saves).toHaveLength(5);
    expect(sync.getSnapshot().dirty).toBe(false);
  });

  it("does not retry a draft too large to send, says to shorten it, and saves once it is shortened", async () => {
    const server = new FakeServer();
    const { sync } = await started(server, { retryMs: 1_000 });
    server.failures.push({ code: "MESSAGE_TOO_LARGE", message: "too large to send (69 KB; one message holds at most 64 KB): shorten it", details: { bytes: 70_000, max: 65_536 } });
    sync.edit("far too long");
    await vi.advanceTimersByTimeAsync(400);
    expect(sync.getSnapshot().status).toEqual({ kind: "error", message: "the notes are too long; shorten some of them", recovery: "edit" });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.saves).toHaveLength(1);
    sync.edit("short");
    await vi.advanceTimersByTimeAsync(400);
    expect(server.saves).toHaveLength(2);
    expect(sync.getSnapshot()).toMatchObject({ dirty: false, status: { kind: "saved" } });
  });

  it("holds saves while submitting and resumes after a failed submit", async () => {
    const server = new FakeServer();
    const { sync } = await started(server);
    sync.edit("draft");
    sync.hold();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(server.saves).toEqual([]);
    sync.release();
    await vi.advanceTimersByTimeAsync(400);
    expect(server.saves).toEqual([{ value: "draft", baseVersion: 0 }]);
  });

  it("saves pending edits at once when stopped (the form closes mid-pause)", async () => {
    const server = new FakeServer();
    const { sync, stop } = await started(server);
    sync.edit("last words");
    stop();
    await vi.advanceTimersByTimeAsync(0);
    expect(server.saves).toEqual([{ value: "last words", baseVersion: 0 }]);
  });

  it("reports a failed first load and loads again on request", async () => {
    const server = new FakeServer();
    const failing = { ...server, load: vi.fn().mockRejectedValueOnce(new Error("no answer")).mockResolvedValue({ value: "ok", version: 1, updatedAt: 1 }) };
    const sync = new DraftSync<string>({ ...failing, save: server.save.bind(server), parseLatest: server.parseLatest.bind(server), equals: server.equals }, "");
    sync.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(sync.getSnapshot()).toMatchObject({ phase: "failed", loadError: "no answer" });
    sync.edit("ignored while not loaded");
    await sync.load();
    expect(sync.getSnapshot()).toMatchObject({ phase: "ready", value: "ok" });
  });
});

describe("saveErrorMessage", () => {
  it("turns codes into words and keeps the server's own messages", () => {
    expect(saveErrorMessage({ code: "NO_ANSWER", message: "no answer to scorecard:draft:save: operation has timed out" })).toBe("the server did not answer");
    expect(saveErrorMessage({ code: "INTERNAL", message: "internal error" })).toBe("the server could not save it");
    expect(saveErrorMessage({ code: "BAD_REQUEST", message: 'unknown competency "x"' })).toBe('unknown competency "x"');
  });
});

describe("saveRecovery", () => {
  it("retries passing failures itself, leaves content problems to an edit, and offers trying again for the rest", () => {
    expect(saveRecovery({ code: "STORE_UNAVAILABLE", message: "" })).toBe("automatic");
    expect(saveRecovery({ code: "MESSAGE_TOO_LARGE", message: "" })).toBe("edit");
    expect(saveRecovery({ code: "BAD_REQUEST", message: "" })).toBe("edit");
    expect(saveRecovery({ code: "FORBIDDEN", message: "" })).toBe("manual");
  });
});
