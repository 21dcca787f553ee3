import { io, type ManagerOptions, type Socket, type SocketOptions } from "socket.io-client";
import type { z } from "zod";
import { estimateClockOffset, type ClockEstimate, type ClockSample } from "./clock.ts";
import { ErrorCode, MockloopError, ackSchema, retryDelayMs, type Ack, type ErrorBody } from "./errors.ts";
import {
  MAX_MESSAGE_BYTES,
  clientEvents,
  serverEvents,
  type ClientEventName,
  type ClientEventPayload,
  type ClientEventResult,
  type ClientToServerEvents,
  type ServerEventName,
  type ServerEventPayload,
  type ServerToClientEvents,
} from "./events.ts";
import { applyPatch, applyPresence, stateFromSnapshot } from "./room-sync.ts";
import { newChosenToken, newRequestId } from "./request-id.ts";
import { joinAsNewPayloadSchema, roomCommandResultSchema, type ConnectionAuth, type JoinAsNewPayload, type JoinResult, type RoomCommandResult, type RoomPatch, type RoomSnapshot, type RoomState, type SegmentEnded, type StageInfo } from "./schemas.ts";
import type { JoinQueuePayload, JoinQueueResult, PartnerRequest } from "./queue.ts";
import type { ScorecardContent, SubmitScorecardPayload } from "./scorecard.ts";

export type RoomSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface RoomClientOptions {
  /** How long to wait for an ack before giving up (ms). */
  ackTimeoutMs?: number;
  /** Passed to socket.io-client. Defaults to WebSocket only, so no sticky sessions are needed behind a load balancer. */
  socket?: Partial<ManagerOptions & SocketOptions>;
  /** Called when a server event fails its schema: a protocol bug worth surfacing, never silently used. */
  onInvalidEvent?: (event: ServerEventName, error: Error) => void;
}

type Listener<E extends ServerEventName> = (payload: ServerEventPayload<E>) => void;

/**
 * Each event's ack schema, built once: zod compiles a schema the first time it parses, so building one per
 * request cost more than the request itself.
 */
const ackSchemas: ReadonlyMap<ClientEventName, z.ZodType> = new Map(
  (Object.keys(clientEvents) as ClientEventName[]).map((event) => [event, ackSchema(clientEvents[event].result)]),
);

/** The packet's framing around `[event, payload]`: its type, and an ack id of up to ten digits. */
const PACKET_FRAMING_BYTES = 12;
const utf8 = new TextEncoder();

/**
 * MESSAGE_TOO_LARGE for a request that would not fit in one message (`MAX_MESSAGE_BYTES`): sent, it would cost
 * the connection, and a retry would cost it again.
 */
function oversizedRequest(event: ClientEventName, payload: unknown): ErrorBody | undefined {
  const json = JSON.stringify([event, payload]);
  // A UTF-16 unit takes at most three bytes in UTF-8: most requests are known to fit without encoding them.
  if (json.length * 3 + PACKET_FRAMING_BYTES <= MAX_MESSAGE_BYTES) return undefined;
  const bytes = utf8.encode(json).length + PACKET_FRAMING_BYTES;
  if (bytes <= MAX_MESSAGE_BYTES) return undefined;
  const kb = (value: number) => Math.ceil(value / 1024);
  return {
    code: ErrorCode.MessageTooLarge,
    // Shown as it is where the app has no words of its own for it (a scorecard's submit, say).
    message: `too large to send (${kb(bytes)} KB; one message holds at most ${kb(MAX_MESSAGE_BYTES)} KB): shorten it`,
    details: { bytes, max: MAX_MESSAGE_BYTES },
  };
}

/**
 * How long patches that came ahead of a missing version wait for it before the client asks for the whole room.
 * The missing one is another node's change on its way through the stream (the answer to this client's own
 * command came first): it comes within milliseconds, far sooner than a whole room could be asked for and sent.
 */
const AHEAD_WAIT_MS = 250;
/** Patches held ahead at most; past that, the whole room is the cheaper way to catch up. */
const AHEAD_KEPT = 32;

/** The payload with a request id of its own, unless the caller chose one (a scorecard's submit keeps its id across retries). */
function withRequestId<P>(payload: P): P {
  const given = (payload as { requestId?: string }).requestId;
  return given === undefined ? { ...payload, requestId: newRequestId() } : payload;
}

/**
 * The longest a command answered STORE_UNAVAILABLE waits (what the server asks, `details.retryAfterMs`, or
 * this) before it is sent once more with its request id (ms).
 */
const STORE_RETRY_MAX_MS = 2_000;

/**
 * Requests that replace this connection's earlier one of their kind: the server first withdraws whatever the
 * earlier one may have left (a partner request the store took but whose answer was lost), so sending one again
 * needs no request id.
 */
const REPLACING_REQUESTS: ReadonlySet<ClientEventName> = new Set(["queue:join"]);

/** A request's answer as its validated ack: no answer is NO_ANSWER, one that fails its schema INTERNAL. */
function ackOf<E extends ClientEventName>(event: E, answer: { raw: unknown } | { error: Error }): Ack<ClientEventResult<E>> {
  if ("error" in answer) {
    return { ok: false, error: { code: ErrorCode.NoAnswer, message: `no answer to ${event}: ${answer.error.message}` } };
  }
  const parsed = (ackSchemas.get(event) ?? ackSchema(clientEvents[event].result)).safeParse(answer.raw);
  if (!parsed.success) {
    return { ok: false, error: { code: ErrorCode.Internal, message: `malformed ack for ${event}: ${parsed.error.message}` } };
  }
  return parsed.data as Ack<ClientEventResult<E>>;
}

/** Segment ends remembered to drop a repeat (a resend after a fault): plenty for a round's segments. */
const SEEN_ENDS_KEPT = 64;

/**
 * The one way to speak the room protocol: typed requests with acks validated against the shared schemas,
 * validated server events, automatic rejoin with the participant token after a reconnect, and clock sync.
 * It keeps the room's state: a snapshot, then each versioned patch and presence change applied on top; a
 * patch ahead of a missing version waits a moment for it, then a fresh snapshot is asked for. Listeners of
 * `onState` get the whole room every time.
 */
export class RoomClient {
  readonly socket: RoomSocket;
  private readonly ackTimeoutMs: number;
  private readonly listeners = new Map<ServerEventName, Set<(payload: never) => void>>();
  private credentials: { roomId: string; token: string } | undefined;
  private readonly rejoinListeners = new Set<(ack: Ack<JoinResult>) => void>();
  /** Set from a dropped connection until the rejoin after the reconnect has answered: room requests wait for it. */
  private rejoining: { done: Promise<void>; finish: () => void } | undefined;
  private readonly stateListeners = new Set<(state: RoomState) => void>();
  private stage: StageInfo | undefined;
  private state: RoomState | undefined;
  private online = new Set<string>();
  private syncing: Promise<void> | undefined;
  /**
   * Patches that came while a join was being answered, held until its room is adopted: the server sends every
   * change from the moment the connection is in the room, so one can come before the answer, and is newer than it.
   */
  private heldPatches: RoomPatch[] | undefined;
  /** Joins sent and not yet answered (a rejoin can start during a join). */
  private joinsInFlight = 0;
  /** Patches that came ahead of a missing version, by version, and the wait for it (`AHEAD_WAIT_MS`). */
  private readonly aheadPatches = new Map<number, RoomPatch>();
  private aheadWait: ReturnType<typeof setTimeout> | undefined;
  private readonly seenEnds: string[] = [];
  private storeReachable = true;
  /** Whether the server this connection joined applies a command once per request id (`JoinResult.appliesCommandsOnce`). */
  private appliesCommandsOnce = false;
  /**
   * The tokens this client chose for first joins not answered ok, by seat asked for (room, role and name): the
   * same join asked for again (the person trying again after an error) goes with the same token, which finds
   * the seat if a join whose answer was lost took it. Forgotten once a join is answered.
   */
  private readonly unansweredFirstJoins = new Map<string, string>();
  /**
   * This client's partner request while it waits in line (what it asked, and its ticket): the server withdraws
   * a request when its connection closes, so after a reconnect it is asked again (`askForPartnerAgain`).
   */
  private waitingForPartner: { request: PartnerRequest; ticketId: string } | undefined;
  /** The ticket last matched or expired: its request's answer can come after that event, and is then no wait. */
  private endedTicketId: string | undefined;
  private readonly partnerRequestListeners = new Set<(ack: Ack<JoinQueueResult>) => void>();
  private readonly storeListeners = new Set<(reachable: boolean) => void>();

  constructor(url: string, options: RoomClientOptions = {}) {
    this.ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
    const auth: ConnectionAuth = { answersCarryPatches: true };
    const given = options.socket?.auth;
    this.socket = io(url, {
      transports: ["websocket"],
      ...options.socket,
      // What this client can do, under whatever the caller sends (which may say otherwise).
      auth: typeof given === "function" ? (send) => given((data) => send({ ...auth, ...data })) : { ...auth, ...given },
    });
    for (const event of Object.keys(serverEvents) as ServerEventName[]) {
      this.socket.on(event, (raw: unknown) => {
        const parsed = serverEvents[event].safeParse(raw);
        if (!parsed.success) {
          options.onInvalidEvent?.(event, parsed.error);
          return;
        }
        this.receive(event, parsed.data as ServerEventPayload<typeof event>);
      });
    }
    // After a dropped connection the server knows nothing of this socket: present the token again.
    this.socket.on("connect", () => {
      const rejoining = this.rejoining;
      if (this.credentials) void this.rejoin(this.credentials).finally(() => this.endRejoining(rejoining));
      else this.endRejoining(rejoining);
      if (this.waitingForPartner) void this.askForPartnerAgain(this.waitingForPartner);
    });
    // socket.io retries by itself only after a transport failure; a server that closed us (shutting down, say)
    // is asked again, so the client lands on another node or on the restarted one.
    this.socket.on("disconnect", (reason) => {
      if (!this.credentials) return;
      // Until the rejoin answers, the new connection is nobody to the server: a request sent on it would be NOT_JOINED.
      if (!this.rejoining) {
        let finish = () => {};
        const done = new Promise<void>((resolve) => (finish = resolve));
        this.rejoining = { done, finish };
      }
      if (reason === "io server disconnect") this.socket.connect();
    });
  }

  /**
   * Called with the answer to every partner request asked again after a reconnect: a wait goes on as
   * `queue:status` and a match comes as `queue:matched` to their listeners, as from the server; a failure (the
   * request is then no longer in line) comes only here.
   */
  onPartnerRequestAgain(listener: (ack: Ack<JoinQueueResult>) => void): () => void {
    this.partnerRequestListeners.add(listener);
    return () => this.partnerRequestListeners.delete(listener);
  }

  /** The request that was waiting in line, asked again from this connection in place of the old one. */
  private async askForPartnerAgain({ request, ticketId }: { request: PartnerRequest; ticketId: string }): Promise<void> {
    let ack = await this.request("queue:join", { ...request, replaces: ticketId });
    // A server from before refuses the field: asked again as a new request (the old one may stay in line).
    if (!ack.ok && ack.error.code === ErrorCode.BadRequest) ack = await this.request("queue:join", request);
    if (ack.ok && ack.data.state === "waiting") this.receive("queue:status", ack.data.status);
    if (ack.ok && ack.data.state === "matched") this.receive("queue:matched", ack.data.match);
    for (const listener of this.partnerRequestListeners) listener(ack);
  }

  /** Called with the outcome of every automatic rejoin after a reconnect. */
  onRejoin(listener: (ack: Ack<JoinResult>) => void): () => void {
    this.rejoinListeners.add(listener);
    return () => this.rejoinListeners.delete(listener);
  }

  private endRejoining(rejoining: { finish: () => void } | undefined): void {
    rejoining?.finish();
    if (this.rejoining === rejoining) this.rejoining = undefined;
  }

  /** Waits, at most `ms`, for a rejoin in progress; true when there is none left. */
  private async rejoined(ms: number): Promise<boolean> {
    const rejoining = this.rejoining;
    if (!rejoining) return true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    try {
      return await Promise.race([rejoining.done.then(() => true), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async rejoin(credentials: { roomId: string; token: string }): Promise<void> {
    const ack = await this.joinRequest(credentials, (result) => this.adopt(result.stage, result.state));
    // The room or this participant is gone for good: stop presenting the token.
    if (!ack.ok && (ack.error.code === ErrorCode.RoomNotFound || ack.error.code === ErrorCode.InvalidToken)) this.credentials = undefined;
    for (const listener of this.rejoinListeners) listener(ack);
  }

  /** Called when the server's store becomes unreachable (requests answer STORE_UNAVAILABLE) and when it is back. */
  onStoreStatus(listener: (reachable: boolean) => void): () => void {
    this.storeListeners.add(listener);
    return () => this.storeListeners.delete(listener);
  }

  private noteStore(reachable: boolean): void {
    if (reachable === this.storeReachable) return;
    this.storeReachable = reachable;
    for (const listener of this.storeListeners) listener(reachable);
  }

  /** The room as this client knows it now, or undefined before a join. */
  getState(): RoomState | undefined {
    return this.state;
  }

  /** Called with the whole room after every change this client learns of (join, patch, presence, snapshot). */
  onState(listener: (state: RoomState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Keeps the partner request waiting in line, from a queue request and its answer (each request replaces the last). */
  private notePartnerRequest(sent: unknown, ack: Ack<unknown>): void {
    const answer = ack.ok ? (ack.data as Partial<JoinQueueResult>) : undefined;
    if (answer?.state !== "waiting" || !answer.status || answer.status.ticketId === this.endedTicketId) {
      this.waitingForPartner = undefined;
      return;
    }
    const { replaces: _, ...request } = sent as JoinQueuePayload & PartnerRequest;
    this.waitingForPartner = { request, ticketId: answer.status.ticketId };
  }

  /** A server event, validated: folded into the kept state and, when it is news, handed to its listeners. */
  private receive<E extends ServerEventName>(event: E, payload: ServerEventPayload<E>): void {
    if (!this.absorb(event, payload)) return;
    for (const listener of this.listeners.get(event) ?? []) (listener as Listener<E>)(payload as never);
    // Listeners hear patches in version order: one held ahead of this one goes after it.
    if (event === "room:patch" || event === "room:snapshot") this.releaseAhead();
  }

  /** Folds a room event into the kept state; false when the event is not news (a repeat) and listeners should not hear it. */
  private absorb<E extends ServerEventName>(event: E, payload: ServerEventPayload<E>): boolean {
    if (event === "room:snapshot") {
      if (this.stage && (!this.state || (payload as RoomSnapshot).version >= this.state.version)) this.adopt(this.stage, payload as RoomSnapshot);
      return true;
    }
    if (event === "room:patch") {
      const patch = payload as ServerEventPayload<"room:patch">;
      if (this.heldPatches) {
        this.heldPatches.push(patch);
        return false;
      }
      if (!this.state) return false;
      const outcome = applyPatch(this.state, patch, this.online);
      if (outcome.kind === "stale") return false;
      if (outcome.kind === "ahead") {
        this.holdAhead(patch);
        return false;
      }
      if (outcome.kind === "gap") {
        void this.resync();
        return false;
      }
      this.setState(outcome.state);
      return true;
    }
    if (event === "room:presence") {
      const presence = payload as ServerEventPayload<"room:presence">;
      if (presence.online) this.online.add(presence.participantId);
      else this.online.delete(presence.participantId);
      if (this.state) this.setState(applyPresence(this.state, presence));
      return true;
    }
    if (event === "queue:matched" || event === "queue:expired") {
      this.endedTicketId = (payload as { ticketId: string }).ticketId;
      if (this.endedTicketId === this.waitingForPartner?.ticketId) this.waitingForPartner = undefined;
    }
    if (event === "timer:segment-ended") {
      const ended = payload as SegmentEnded;
      const key = `${ended.roomId}:${ended.version}:${ended.segmentIndex}`;
      if (this.seenEnds.includes(key)) return false;
      this.seenEnds.push(key);
      if (this.seenEnds.length > SEEN_ENDS_KEPT) this.seenEnds.shift();
    }
    return true;
  }

  /** Holds a patch that came ahead of a missing version, for `AHEAD_WAIT_MS`; then, if it is still missing, asks for the whole room. */
  private holdAhead(patch: RoomPatch): void {
    this.aheadPatches.set(patch.version, patch);
    if (this.aheadPatches.size > AHEAD_KEPT) {
      this.dropAhead();
      void this.resync();
      return;
    }
    this.aheadWait ??= setTimeout(() => {
      this.aheadWait = undefined;
      if (this.aheadPatches.size === 0) return;
      this.aheadPatches.clear();
      void this.resync();
    }, AHEAD_WAIT_MS);
  }

  /** Applies the held patch that now follows the kept version, if any (each applied one releases the next); forgets those the state already holds. */
  private releaseAhead(): void {
    if (this.aheadPatches.size === 0 || !this.state) return;
    const version = this.state.version;
    for (const held of this.aheadPatches.keys()) if (held <= version) this.aheadPatches.delete(held);
    const next = this.aheadPatches.get(version + 1);
    if (next) {
      this.aheadPatches.delete(next.version);
      this.receive("room:patch", next);
      return;
    }
    if (this.aheadPatches.size === 0) this.dropAhead();
  }

  private dropAhead(): void {
    this.aheadPatches.clear();
    clearTimeout(this.aheadWait);
    this.aheadWait = undefined;
  }

  /** Asks for the whole room once, however many gaps are noticed meanwhile. */
  private resync(): Promise<void> {
    this.syncing ??= this.request("room:sync", {}).then((ack) => {
      this.syncing = undefined;
      if (ack.ok && this.stage && (!this.state || ack.data.version >= this.state.version)) this.adopt(this.stage, ack.data);
      // Held patches newer than the room adopted still apply on top of it.
      this.releaseAhead();
    });
    return this.syncing;
  }

  private adopt(stage: StageInfo, snapshot: RoomSnapshot): void {
    this.stage = stage;
    this.online = new Set(snapshot.online);
    this.setState(stateFromSnapshot(snapshot, stage));
  }

  private setState(state: RoomState): void {
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }

  on<E extends ServerEventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  /**
   * Sends an event and resolves with its validated ack; never throws for a typed error. A command that changes
   * the room carries a request id; when its answer is lost with the connection, it is sent again with the same
   * id once the rejoin has answered, and the server applies it once whichever of the two reached it. Likewise
   * when it is answered STORE_UNAVAILABLE (Redis may have run the write and lost its answer), once the wait the
   * server asks for has passed; so is a partner request (`REPLACING_REQUESTS`).
   */
  async request<E extends ClientEventName>(event: E, payload: ClientEventPayload<E>): Promise<Ack<ClientEventResult<E>>> {
    const tooLarge = oversizedRequest(event, payload);
    if (tooLarge) return { ok: false, error: tooLarge };
    // After a dropped connection, a room request goes once the rejoin has answered, within the usual wait for an answer.
    if (event !== "room:join" && !(await this.rejoined(this.ackTimeoutMs))) {
      return { ok: false, error: { code: ErrorCode.NoAnswer, message: `${event} not sent: the connection is not back yet` } };
    }
    const command = clientEvents[event].result === roomCommandResultSchema;
    // Ids only to a server that applies commands once (one from before refuses them: a rolling upgrade's old node).
    const sent = command && this.appliesCommandsOnce ? withRequestId(payload) : payload;
    // A first join with a token of the client's choosing finds the seat it took when sent again, as an id does.
    const carriesId = (sent as { requestId?: string }).requestId !== undefined || (event === "room:join" && "name" in sent && "token" in sent);
    let answer = await this.send(event, sent);
    let resent = command && carriesId && "dropped" in answer && answer.dropped && this.credentials !== undefined && (await this.rejoined(this.ackTimeoutMs));
    if (resent) answer = await this.send(event, sent);
    let ack = ackOf(event, answer);
    // The store did not answer the node: it may have run the write and lost the answer, so once more, same id
    // (or, for a request that replaces this connection's earlier one, as it is).
    if ((carriesId || REPLACING_REQUESTS.has(event)) && !resent && !ack.ok && ack.error.code === ErrorCode.StoreUnavailable) {
      const waitMs = Math.min(retryDelayMs(ack.error, STORE_RETRY_MAX_MS), STORE_RETRY_MAX_MS);
      await new Promise((resolve) => setTimeout(resolve, waitMs));
      resent = true;
      ack = ackOf(event, await this.send(event, sent));
    }
    // A command's answer carries its change as this connection's patch, which the server sends it no other way.
    if (ack.ok && command) {
      const { patch } = ack.data as RoomCommandResult;
      if (patch) this.receive("room:patch", patch);
      // Sent again and answered without a change: the first one may have changed the room after the rejoin read it.
      else if (resent) void this.resync();
    }
    if (event === "queue:join" || event === "queue:leave") this.notePartnerRequest(sent, ack);
    // An answer tells whether the server's store is reachable: an outage answers STORE_UNAVAILABLE, anything else
    // means it is back; except a clock sync's success, which the node answers from its own clock, store or not.
    const storeUnavailable = !ack.ok && ack.error.code === ErrorCode.StoreUnavailable;
    if (storeUnavailable || event !== "clock:sync") this.noteStore(!storeUnavailable);
    return ack;
  }

  /**
   * One emit and its raw answer, or why none came: `dropped` when the connection closed while it was out (the
   * server may or may not have applied it), not when the wait for an answer ran out.
   */
  private async send<E extends ClientEventName>(event: E, payload: ClientEventPayload<E>): Promise<{ raw: unknown } | { error: Error; dropped: boolean }> {
    try {
      // The typed emit cannot follow the correlation between E's payload and ack through a generic; the table guarantees it.
      const emit = this.socket.timeout(this.ackTimeoutMs).emitWithAck as (event: E, payload: ClientEventPayload<E>) => Promise<unknown>;
      return { raw: await emit.call(this.socket.timeout(this.ackTimeoutMs), event, payload) };
    } catch (error) {
      // socket.io-client rejects a request still out when the connection drops, and one unanswered within the wait.
      return { error: error as Error, dropped: !this.socket.connected || this.rejoining !== undefined };
    }
  }

  /** Like request, but returns the data or throws a MockloopError with the server's code. */
  async call<E extends ClientEventName>(event: E, payload: ClientEventPayload<E>): Promise<ClientEventResult<E>> {
    const ack = await this.request(event, payload);
    if (!ack.ok) throw toError(ack.error);
    return ack.data;
  }

  async join(payload: ClientEventPayload<"room:join">): Promise<JoinResult> {
    // Cleared first so a reconnect during the join does not also rejoin with an older token.
    this.credentials = undefined;
    const adopt = (result: JoinResult) => {
      this.credentials = { roomId: result.state.roomId, token: result.token };
      this.state = undefined;
      this.adopt(result.stage, result.state);
    };
    const sent = "name" in payload ? this.withChosenToken(payload) : payload;
    let ack = await this.joinRequest(sent, adopt);
    // A server from before refuses a token in a first join (its schemas refuse fields they do not know): the same
    // join without it. (A payload this version's schema refuses is refused again, as it is.)
    if (!ack.ok && ack.error.code === ErrorCode.BadRequest && sent !== payload && joinAsNewPayloadSchema.safeParse(sent).success) {
      ack = await this.joinRequest(payload, adopt);
    }
    if (!ack.ok) throw toError(ack.error);
    this.unansweredFirstJoins.clear();
    return ack.data;
  }

  /** A first join with the token this client chose for it: the one of the same join sent before unanswered, or a new one. */
  private withChosenToken(payload: JoinAsNewPayload): JoinAsNewPayload {
    if (payload.token !== undefined) return payload;
    const seat = JSON.stringify([payload.roomId, payload.role, payload.name]);
    let token = this.unansweredFirstJoins.get(seat);
    if (token === undefined) this.unansweredFirstJoins.set(seat, (token = newChosenToken()));
    return { ...payload, token };
  }

  /**
   * Sends a join, holding the patches that come meanwhile; once `adopt` has taken the answer's room, they are
   * applied in order (those the answer already holds are stale, and a missing one asks for the whole room).
   */
  private async joinRequest(payload: ClientEventPayload<"room:join">, adopt: (result: JoinResult) => void): Promise<Ack<JoinResult>> {
    this.heldPatches ??= [];
    this.joinsInFlight += 1;
    try {
      const ack = await this.request("room:join", payload);
      if (ack.ok) {
        this.appliesCommandsOnce = ack.data.appliesCommandsOnce === true;
        adopt(ack.data);
      }
      return ack;
    } finally {
      // The last join answered applies what came meanwhile.
      this.joinsInFlight -= 1;
      if (this.joinsInFlight === 0) {
        const held = this.heldPatches ?? [];
        this.heldPatches = undefined;
        for (const patch of held) this.receive("room:patch", patch);
        this.releaseAhead();
      }
    }
  }

  async leave(): Promise<void> {
    await this.call("room:leave", {});
    this.credentials = undefined;
    this.state = undefined;
    this.dropAhead();
  }

  listQuestions() {
    return this.call("questions:list", {});
  }
  pushQuestion(questionId: string) {
    return this.call("question:push", { questionId });
  }
  swapRoles() {
    return this.call("round:swap", {});
  }
  planGroup(rounds: number) {
    return this.call("group:plan", { rounds });
  }
  startNextGroupRound() {
    return this.call("group:next", {});
  }
  giveExtraTurn(participantId: string) {
    return this.call("group:extra-turn", { participantId });
  }
  transferHost(participantId: string) {
    return this.call("group:host", { participantId });
  }
  abandonGroupRound() {
    return this.call("group:abandon-round", {});
  }
  giveInterviewerSeat(participantId: string) {
    return this.call("group:interviewer", { participantId });
  }
  startTimer() {
    return this.call("timer:start", {});
  }
  pauseTimer() {
    return this.call("timer:pause", {});
  }
  adjustTimer(deltaMs: number) {
    return this.call("timer:adjust", { deltaMs });
  }
  skipSegment() {
    return this.call("timer:skip", {});
  }
  resetTimer() {
    return this.call("timer:reset", {});
  }
  setAutoAdvance(enabled: boolean) {
    return this.call("timer:auto-advance", { enabled });
  }
  submitScorecard(scorecard: SubmitScorecardPayload) {
    return this.call("scorecard:submit", scorecard);
  }
  getScorecardDraft() {
    return this.call("scorecard:draft:get", {});
  }
  /** Resolves to the ack, so a DRAFT_CONFLICT's latest draft (in `error.details.latest`) reaches the caller. */
  saveScorecardDraft(content: ScorecardContent, baseVersion: number) {
    return this.request("scorecard:draft:save", { content, baseVersion });
  }
  getObserverNotes() {
    return this.call("observer-notes:get", {});
  }
  saveObserverNotes(notes: string, baseVersion: number) {
    return this.request("observer-notes:save", { notes, baseVersion });
  }
  /** Asks the server for a partner; a match arrives now or later as `queue:matched`. */
  joinQueue(request: JoinQueuePayload) {
    return this.call("queue:join", request);
  }
  leaveQueue() {
    return this.call("queue:leave", {});
  }
  shareObserverNotes(requestId: string) {
    return this.call("observer-notes:share", { requestId });
  }

  /** Estimates the offset to the server clock from several round trips, keeping the fastest. */
  async syncClock(rounds = 5): Promise<ClockEstimate> {
    const samples: ClockSample[] = [];
    for (let i = 0; i < rounds; i++) {
      const clientSentAt = Date.now();
      const result = await this.call("clock:sync", { clientSentAt });
      samples.push({ clientSentAt, serverTime: result.serverTime, clientReceivedAt: Date.now() });
    }
    return estimateClockOffset(samples);
  }

  close(): void {
    this.credentials = undefined;
    this.dropAhead();
    this.socket.close();
  }
}

function toError(body: ErrorBody): MockloopError {
  return new MockloopError(body.code, body.message, body.details ? { details: body.details } : {});
}
