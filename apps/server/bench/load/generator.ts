// A load generator: a child process of the benchmark that owns both clients of each of its rooms, so it can time
// a push from the interviewer's emit to the candidate's screen on one clock. It speaks to mockloop through the
// typed RoomClient (as the web app does) and to the bare relay through a plain Socket.IO client.
import { emptyScorecardContent, ErrorCode, scorecardDraftSchema, type Ack } from "@mockloop/protocol";
import { RoomClient } from "@mockloop/protocol/client";
import { loadQuestionBank } from "@mockloop/questions";
import { createRoom } from "@mockloop/test-support";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { io, type Socket } from "socket.io-client";
import type {
  Command,
  JoinCommand,
  JoinResult,
  LoopDelay,
  MixCommand,
  MixResult,
  PushCommand,
  PushResult,
  Reply,
  SetupCommand,
  SetupResult,
  TimersCommand,
  TimersResult,
} from "./messages.ts";

const trackId = "amazon-tpm";
const stageId = "phone-interview";
/** Each room pushes these in turn: a round asks a handful of questions, not the whole stage. */
const questions = loadQuestionBank()
  .questionsForStage(trackId, stageId)
  .slice(0, 8)
  .map(({ id, prompt }) => ({ id, prompt }));

/** Inbound bytes, counted from the Engine.IO packets of every connection while `on`. */
const meter = { on: false };

function countInbound(socket: Socket, counter: { bytes: number }): void {
  socket.io.on("open", () => {
    socket.io.engine.on("packet", (packet: { data?: unknown }) => {
      if (!meter.on) return;
      const { data } = packet;
      // One byte of Engine.IO packet type, then the Socket.IO packet.
      counter.bytes += 1 + (typeof data === "string" ? Buffer.byteLength(data) : data instanceof ArrayBuffer ? data.byteLength : 0);
    });
  });
}

/** Resolves once connected; a refused or slow attempt is retried by socket.io itself, up to a minute in all. */
function connected(socket: Socket): Promise<void> {
  if (socket.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no connection within 60 s")), 60_000);
    socket.once("connect", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** A room made over HTTP; a request that failed on the way (a reset connection) is tried again. */
async function createRoomRetrying(url: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await createRoom(url, stageId);
    } catch (error) {
      if (attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

/** Runs `work` over the items with at most `limit` in flight. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Times one request; a refusal counts as a failure of that event. */
interface AckLog {
  acks: Record<string, number[]>;
  failures: Record<string, number>;
}
function logAck(log: AckLog, event: string, ms: number, ack: { ok: true } | { ok: false; error: { code: string } }): void {
  if (ack.ok) (log.acks[event] ??= []).push(ms);
  else log.failures[`${event} ${ack.error.code}`] = (log.failures[`${event} ${ack.error.code}`] ?? 0) + 1;
}

/** One room of the benchmark: an interviewer and a candidate, against mockloop or the relay. */
interface LoadRoom {
  readonly interviewerIn: { bytes: number };
  readonly candidateIn: { bytes: number };
  connect(): Promise<void>;
  join(): Promise<void>;
  /** Pushes a question; `shown` is called once the candidate's screen has it. */
  push(index: number, shown: () => void): Promise<boolean>;
  close(): void;
}

class RelayRoom implements LoadRoom {
  readonly interviewerIn = { bytes: 0 };
  readonly candidateIn = { bytes: 0 };
  private readonly interviewer: Socket;
  private readonly candidate: Socket;
  private waiting: { id: string; shown: () => void } | undefined;

  constructor(
    private readonly name: string,
    interviewerUrl: string,
    candidateUrl: string,
  ) {
    this.interviewer = io(interviewerUrl, { transports: ["websocket"] });
    this.candidate = io(candidateUrl, { transports: ["websocket"] });
    countInbound(this.interviewer, this.interviewerIn);
    countInbound(this.candidate, this.candidateIn);
    this.candidate.on("question", (question: { id: string }) => {
      if (this.waiting?.id !== question.id) return;
      const { shown } = this.waiting;
      this.waiting = undefined;
      shown();
    });
  }

  async connect() {
    await Promise.all([connected(this.interviewer), connected(this.candidate)]);
  }

  async join() {
    await this.interviewer.emitWithAck("join", this.name);
    await this.candidate.emitWithAck("join", this.name);
  }

  async push(index: number, shown: () => void) {
    const question = questions[index % questions.length] ?? { id: "", prompt: "" };
    this.waiting = { id: question.id, shown };
    const ack = (await this.interviewer.emitWithAck("push", { room: this.name, question })) as { ok: boolean };
    return ack.ok;
  }

  close() {
    this.interviewer.close();
    this.candidate.close();
  }
}

class MockloopRoom implements LoadRoom {
  readonly interviewerIn = { bytes: 0 };
  readonly candidateIn = { bytes: 0 };
  readonly interviewer: RoomClient;
  readonly candidate: RoomClient;
  private roomId = "";
  private waiting: { id: string; shown: () => void } | undefined;
  draftVersion = 0;
  segmentEnds = 0;

  constructor(
    private readonly createAt: string,
    interviewerUrl: string,
    candidateUrl: string,
    onInvalid: (event: string) => void,
  ) {
    const options = { ackTimeoutMs: 60_000, onInvalidEvent: onInvalid };
    this.interviewer = new RoomClient(interviewerUrl, options);
    this.candidate = new RoomClient(candidateUrl, options);
    countInbound(this.interviewer.socket as unknown as Socket, this.interviewerIn);
    countInbound(this.candidate.socket as unknown as Socket, this.candidateIn);
    this.candidate.onState((state) => {
      if (!this.waiting || state.currentQuestion?.id !== this.waiting.id) return;
      const { shown } = this.waiting;
      this.waiting = undefined;
      shown();
    });
    this.candidate.on("timer:segment-ended", () => (this.segmentEnds += 1));
  }

  async connect() {
    this.roomId = await createRoomRetrying(this.createAt);
    await Promise.all([connected(this.interviewer.socket as unknown as Socket), connected(this.candidate.socket as unknown as Socket)]);
  }

  async join() {
    await this.interviewer.join({ roomId: this.roomId, name: "Bench interviewer", role: "interviewer" });
    await this.candidate.join({ roomId: this.roomId, name: "Bench candidate", role: "candidate" });
  }

  async push(index: number, shown: () => void) {
    const question = questions[index % questions.length] ?? { id: "" };
    this.waiting = { id: question.id, shown };
    const ack = await this.interviewer.request("question:push", { questionId: question.id });
    return ack.ok;
  }

  /** Starts the timer with its first segment ending `endsInMs` from now, so the scheduler has ends to apply. */
  async startTimerEndingIn(endsInMs: number) {
    await this.interviewer.startTimer();
    const first = this.interviewer.getState()?.timer.segments[0]?.durationMs ?? 0;
    if (first > endsInMs) await this.interviewer.adjustTimer(-(first - endsInMs));
  }

  close() {
    this.interviewer.close();
    this.candidate.close();
  }
}

const randomBetween = (low: number, high: number) => low + Math.random() * (high - low);

/** Watches this process's event loop from now until the returned function is called (`LoopDelay`). */
function watchLoopDelay(): () => LoopDelay {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  return () => {
    histogram.disable();
    return { p99Ms: histogram.percentile(99) / 1e6, maxMs: histogram.max / 1e6 };
  };
}

let rooms: LoadRoom[] = [];
let invalidEvents = 0;

async function setup(command: SetupCommand): Promise<SetupResult> {
  const { urls } = command;
  const url = (index: number) => urls[index % urls.length] ?? "";
  rooms = Array.from({ length: command.rooms }, (_, index) =>
    command.kind === "relay"
      ? new RelayRoom(`bench-${process.pid}-${index}`, url(index), url(index + 1))
      : new MockloopRoom(url(index), url(index), url(index + 1), () => (invalidEvents += 1)),
  );
  await pool(rooms, 100, (room) => room.connect());
  return { type: "ready" };
}

async function join(command: JoinCommand): Promise<JoinResult> {
  await pool(rooms, Math.max(1, command.concurrency / 2), (room) => room.join());
  return { type: "joined" };
}

async function startTimers(command: TimersCommand): Promise<TimersResult> {
  const within = command.segmentEndWithinMs;
  await pool(rooms, 50, (room) => (room as MockloopRoom).startTimerEndingIn(Math.round(randomBetween(5_000, 5_000 + within))));
  return { type: "timed" };
}

async function pushLoad(command: PushCommand): Promise<PushResult> {
  const latencies: number[] = [];
  let skipped = 0;
  let failed = 0;
  const everyMs = (rooms.length / command.ratePerSecond) * 1000;
  const startedAt = performance.now();
  const windowStart = startedAt + command.warmupMs;
  const windowEnd = windowStart + command.durationMs;
  let meterStartedAt = 0;
  const startBytes = { candidate: 0, interviewer: 0 };
  const sum = (side: "candidateIn" | "interviewerIn") => rooms.reduce((total, room) => total + room[side].bytes, 0);
  let stopLoopWatch: (() => LoopDelay) | undefined;
  const meterTimer = setTimeout(() => {
    stopLoopWatch = watchLoopDelay();
    startBytes.candidate = sum("candidateIn");
    startBytes.interviewer = sum("interviewerIn");
    meter.on = true;
    meterStartedAt = performance.now();
  }, command.warmupMs);
  let inFlight = 0;
  const timers = rooms.map((room, roomIndex) => {
    let pushes = roomIndex;
    let busy = false;
    const tick = () => {
      const sentAt = performance.now();
      if (sentAt >= windowEnd) return;
      if (busy) {
        if (sentAt >= windowStart) skipped += 1;
        return;
      }
      busy = true;
      inFlight += 1;
      void room
        .push(pushes++, () => {
          const shownAt = performance.now();
          if (sentAt >= windowStart && sentAt < windowEnd) latencies.push(shownAt - sentAt);
          busy = false;
          inFlight -= 1;
        })
        .then((ok) => {
          if (ok) return;
          // Refused: it will never show; the room may push again.
          failed += 1;
          busy = false;
          inFlight -= 1;
        });
    };
    // Rooms start at random phases, so pushes arrive evenly, not in bursts.
    const first = setTimeout(() => {
      tick();
      timers[roomIndex] = setInterval(tick, everyMs);
    }, Math.random() * everyMs);
    return first;
  });
  await new Promise((resolve) => setTimeout(resolve, windowEnd - performance.now()));
  meter.on = false;
  const loopDelay = stopLoopWatch?.() ?? { p99Ms: NaN, maxMs: NaN };
  const elapsedMs = performance.now() - meterStartedAt;
  clearTimeout(meterTimer);
  for (const timer of timers) clearInterval(timer);
  // Let the last pushes land (bounded), so their latencies count.
  const settleBy = performance.now() + 5_000;
  while (inFlight > 0 && performance.now() < settleBy) await new Promise((resolve) => setTimeout(resolve, 10));
  if (failed > 0 || invalidEvents > 0) console.error(`generator ${process.pid}: ${failed} pushes refused, ${invalidEvents} invalid events`);
  return {
    type: "pushed",
    latencies,
    skipped,
    candidateBytes: sum("candidateIn") - startBytes.candidate,
    interviewerBytes: sum("interviewerIn") - startBytes.interviewer,
    elapsedMs,
    loopDelay,
  };
}

async function mixLoad(command: MixCommand): Promise<MixResult> {
  const log: AckLog = { acks: {}, failures: {} };
  const loops: NodeJS.Timeout[] = [];
  const endAt = performance.now() + command.durationMs;
  const pending = new Set<Promise<unknown>>();
  const timed = (event: string, work: () => Promise<Ack<unknown>>) => {
    if (performance.now() >= endAt) return;
    const started = performance.now();
    const running = work().then((ack) => logAck(log, event, performance.now() - started, ack));
    pending.add(running);
    void running.finally(() => pending.delete(running));
  };
  /** Runs `work` every `everyMs`, first at a random phase. */
  const every = (everyMs: number, work: () => void) => {
    const first = setTimeout(() => {
      work();
      loops.push(setInterval(work, everyMs));
    }, Math.random() * everyMs);
    loops.push(first);
  };
  const content = { ...emptyScorecardContent(), strengths: "Clear structure; named the trade-offs and the metric that decides.", areasToWorkOn: "Quantify impact." };
  const syncClock = (client: RoomClient) => {
    // As the web app does: five exchanges in a row, each timed as an ack.
    const exchange = async (left: number): Promise<void> => {
      const started = performance.now();
      const ack = await client.request("clock:sync", { clientSentAt: Date.now() });
      logAck(log, "clock:sync", performance.now() - started, ack);
      if (left > 1 && ack.ok) await exchange(left - 1);
    };
    if (performance.now() < endAt) {
      const running = exchange(5);
      pending.add(running);
      void running.finally(() => pending.delete(running));
    }
  };
  const mockloopRooms = rooms as MockloopRoom[];
  for (const [index, room] of mockloopRooms.entries()) {
    // As the web app autosaves: one save at a time, each based on the version the last one answered.
    let saving = false;
    every(command.autosaveEveryMs, () => {
      if (saving) return;
      saving = true;
      timed("scorecard:draft:save", async () => {
        const ack = await room.interviewer.request("scorecard:draft:save", { content, baseVersion: room.draftVersion });
        saving = false;
        if (ack.ok) room.draftVersion = ack.data.version;
        // As the web app does, a conflict (a save whose answer a reconnect lost had gone through) adopts the stored
        // draft's version it carries, so that one lost answer costs one refusal, not every later save of the room.
        else if (ack.error.code === ErrorCode.DraftConflict) room.draftVersion = scorecardDraftSchema.safeParse(ack.error.details?.latest).data?.version ?? room.draftVersion;
        return ack;
      });
    });
    let pushes = index;
    every(command.pushEveryMs, () => timed("question:push", () => room.interviewer.request("question:push", { questionId: questions[pushes++ % questions.length]?.id ?? "" })));
    every(command.clockSyncEveryMs, () => syncClock(room.interviewer));
    every(command.clockSyncEveryMs, () => syncClock(room.candidate));
  }
  // Reconnects: the share of people per minute, each at a random moment; the typed client rejoins with its token.
  const people = mockloopRooms.flatMap((room) => [room.interviewer, room.candidate]);
  const reconnects = Math.round(people.length * command.reconnectsPerMinute * (command.durationMs / 60_000));
  for (let i = 0; i < reconnects; i++) {
    const client = people[Math.floor(Math.random() * people.length)];
    if (!client) continue;
    loops.push(
      setTimeout(() => {
        const rejoined = new Promise<void>((resolve) => {
          client.socket.once("connect", () => {
            const started = performance.now();
            const stop = client.onRejoin((ack) => {
              stop();
              logAck(log, "room:join", performance.now() - started, ack);
              resolve();
            });
          });
        });
        pending.add(rejoined);
        void rejoined.finally(() => pending.delete(rejoined));
        client.socket.disconnect();
        client.socket.connect();
      }, Math.random() * command.durationMs * 0.9),
    );
  }
  const endsBefore = mockloopRooms.reduce((total, room) => total + room.segmentEnds, 0);
  const stopLoopWatch = watchLoopDelay();
  await new Promise((resolve) => setTimeout(resolve, command.durationMs));
  const loopDelay = stopLoopWatch();
  for (const loop of loops) clearTimeout(loop);
  const settleBy = performance.now() + 10_000;
  while (pending.size > 0 && performance.now() < settleBy) await Promise.race([...pending, new Promise((resolve) => setTimeout(resolve, 100))]);
  const segmentEnds = mockloopRooms.reduce((total, room) => total + room.segmentEnds, 0) - endsBefore;
  if (invalidEvents > 0) log.failures["invalid server event"] = invalidEvents;
  return { type: "mixed", acks: log.acks, failures: log.failures, segmentEnds, loopDelay };
}

const reply = (message: Reply) => process.send?.(message);

function run(command: Command): Promise<Reply | undefined> {
  switch (command.type) {
    case "setup":
      return setup(command);
    case "join":
      return join(command);
    case "timers":
      return startTimers(command);
    case "push":
      return pushLoad(command);
    case "mix":
      return mixLoad(command);
    case "close":
      return Promise.resolve(undefined);
  }
}

process.on("message", (command: Command) => {
  const work = run(command);
  if (command.type === "close") {
    for (const room of rooms) room.close();
    process.exit(0);
  }
  work.then(
    (message) => message && reply(message),
    (error: unknown) => reply({ type: "failed", message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
// The conductor's end is this process's end: never outlive it.
process.on("disconnect", () => process.exit(0));
