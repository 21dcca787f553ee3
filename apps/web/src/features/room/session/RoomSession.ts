import {
  MockloopError,
  type Activity,
  type ClockEstimate,
  type ErrorBody,
  type JoinPayload,
  type ParticipantView,
  type RoomState,
} from "@mockloop/protocol";
import { RoomClient } from "@mockloop/protocol/client";
import { forgetToken, saveToken } from "../../../shared/storage.ts";
import type { SegmentEndedNotice } from "../../timer/index.ts";

export interface ActivityNotice {
  key: number;
  type: Activity["type"];
  participantId: string;
  name: string;
  role: ParticipantView["role"];
  at: number;
}

export interface SessionSnapshot {
  status: "idle" | "joining" | "joined" | "failed" | "left";
  /** How the latest join was made: with a saved token (a reload) or as someone new. */
  joinKind: "token" | "new" | null;
  /** "reconnecting" after an unexpected drop; the client rejoins by itself when the socket is back. */
  connection: "connecting" | "online" | "reconnecting";
  /** "unavailable" while the server answers that its storage cannot be reached; unsaved work waits in this tab. */
  storage: "ok" | "unavailable";
  /** Bumped by every successful join and automatic rejoin: what the server knows of this tab starts afresh. */
  epoch: number;
  me: ParticipantView | null;
  state: RoomState | null;
  /** Newest first, a handful at most. */
  activity: ActivityNotice[];
  clock: ClockEstimate | null;
  /** The latest segment end the server announced, for a moment's notice. */
  segmentEnded: SegmentEndedNotice | null;
  error: ErrorBody | null;
}

const CLOCK_RESYNC_MS = 30_000;
/** While storage is unavailable, how often to ask whether it is back (a clock exchange reads the store's clock). */
const STORAGE_PROBE_MS = 2_000;
const MAX_NOTICES = 5;

function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof MockloopError) return error.toBody();
  return { code: "INTERNAL", message: error instanceof Error ? error.message : String(error) };
}

/** Everything one browser tab knows about its room: the socket, the latest state, presence notices and the clock offset. */
export class RoomSession {
  readonly client: RoomClient;
  private snapshot: SessionSnapshot = {
    status: "idle",
    joinKind: null,
    connection: "connecting",
    storage: "ok",
    epoch: 0,
    me: null,
    state: null,
    activity: [],
    clock: null,
    segmentEnded: null,
    error: null,
  };
  private readonly listeners = new Set<() => void>();
  private clockTimer: number | undefined;
  private noticeKey = 0;
  private storageProbe: number | undefined;

  constructor(readonly roomId: string) {
    this.client = new RoomClient(window.location.origin, {
      onInvalidEvent: (event, error) => console.error(`mockloop: ignored a malformed ${event} event`, error),
    });
    const socket = this.client.socket;
    this.client.onStoreStatus((reachable) => {
      this.update({ storage: reachable ? "ok" : "unavailable" });
      window.clearInterval(this.storageProbe);
      if (!reachable) this.storageProbe = window.setInterval(() => void this.syncClock(), STORAGE_PROBE_MS);
    });
    socket.on("connect", () => this.update({ connection: "online" }));
    socket.on("disconnect", (reason) => {
      if (reason !== "io client disconnect") this.update({ connection: "reconnecting" });
    });
    // The client presents the token again after every reconnect; a room that vanished meanwhile (expired, or a
    // restart without a persistent store) must not leave a stale page up.
    this.client.onRejoin((ack) => {
      if (ack.ok) {
        this.update({ status: "joined", me: ack.data.participant, state: this.client.getState() ?? null, error: null, epoch: this.snapshot.epoch + 1 });
        void this.syncClock();
        return;
      }
      if (ack.error.code === "ROOM_NOT_FOUND" || ack.error.code === "INVALID_TOKEN") {
        forgetToken(this.roomId);
        this.update({ status: "failed", error: ack.error });
      }
    });
    // The client keeps the room (a snapshot, then each change on top); every change hands the whole room here.
    this.client.onState((state) => {
      const me = this.snapshot.me;
      const fresh = me ? (state.participants.find((p) => p.id === me.id) ?? me) : null;
      this.update({ state, me: fresh });
    });
    this.client.on("timer:segment-ended", (ended) => {
      if (ended.roomId !== this.roomId) return;
      const next = this.snapshot.state?.timer.segments[ended.segmentIndex + 1];
      const notice: SegmentEndedNotice = {
        key: ++this.noticeKey,
        name: ended.name,
        nextName: ended.roundOver ? null : (next?.name ?? null),
        roundOver: ended.roundOver,
        endedAt: ended.endedAt,
      };
      this.update({ segmentEnded: notice });
    });
    this.client.on("room:activity", (activity) => {
      if (activity.participant.id === this.snapshot.me?.id) return;
      const notice: ActivityNotice = {
        key: ++this.noticeKey,
        type: activity.type,
        participantId: activity.participant.id,
        name: activity.participant.name,
        role: activity.participant.role,
        at: activity.at,
      };
      this.update({ activity: [notice, ...this.snapshot.activity].slice(0, MAX_NOTICES) });
    });
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SessionSnapshot => this.snapshot;

  private update(patch: Partial<SessionSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }

  /** Joins as someone new or, with a token, as the same person as before. Resolves to null or the error to show. */
  async join(payload: JoinPayload): Promise<ErrorBody | null> {
    if (this.snapshot.status === "joining") return null;
    this.update({ status: "joining", joinKind: "token" in payload ? "token" : "new", error: null });
    try {
      const result = await this.client.join(payload);
      saveToken(this.roomId, result.token);
      // Notices about ourselves can arrive before the ack says who we are; they are not news to us.
      const activity = this.snapshot.activity.filter((notice) => notice.participantId !== result.participant.id);
      this.update({ status: "joined", me: result.participant, state: this.client.getState() ?? null, activity, error: null, epoch: this.snapshot.epoch + 1 });
      void this.syncClock();
      window.clearInterval(this.clockTimer);
      this.clockTimer = window.setInterval(() => void this.syncClock(), CLOCK_RESYNC_MS);
      return null;
    } catch (error) {
      const body = toErrorBody(error);
      if ("token" in payload && (body.code === "INVALID_TOKEN" || body.code === "ROOM_NOT_FOUND")) forgetToken(this.roomId);
      this.update({ status: "failed", error: body });
      return body;
    }
  }

  async syncClock(): Promise<void> {
    try {
      this.update({ clock: await this.client.syncClock() });
    } catch {
      // Keep the previous estimate; the next resync tries again.
    }
  }

  /** Runs a room command (push, timer, scorecard) and resolves to null or the error to show. */
  async attempt(command: (client: RoomClient) => Promise<unknown>): Promise<ErrorBody | null> {
    try {
      await command(this.client);
      return null;
    } catch (error) {
      return toErrorBody(error);
    }
  }

  async leave(): Promise<void> {
    try {
      await this.client.leave();
    } catch {
      // Leaving is best effort: the token is forgotten either way.
    }
    forgetToken(this.roomId);
    this.close("left");
  }

  close(status: SessionSnapshot["status"] = "idle"): void {
    window.clearInterval(this.clockTimer);
    window.clearInterval(this.storageProbe);
    this.client.close();
    this.update({ status });
  }
}
