/** What the benchmark's conductor and its load generators (child processes) say to each other over IPC. */

export type TargetKind = "relay" | "mockloop";

/** Opens the connections (and, for mockloop, creates the rooms); nothing joins yet. */
export interface SetupCommand {
  type: "setup";
  kind: TargetKind;
  /** Server URLs; a room's interviewer connects to urls[i % n] and its candidate to urls[(i + 1) % n]. */
  urls: string[];
  rooms: number;
}

/** Joins every room's interviewer, then its candidate. */
export interface JoinCommand {
  type: "join";
  /** Joins in flight at once from this generator. */
  concurrency: number;
}

/** Starts each room's timer with its current segment ending within this many ms (the mix), 5 s at the soonest. */
export interface TimersCommand {
  type: "timers";
  segmentEndWithinMs: number;
}

export interface PushCommand {
  type: "push";
  /** Pushes per second from this generator's rooms together. */
  ratePerSecond: number;
  warmupMs: number;
  durationMs: number;
}

export interface MixCommand {
  type: "mix";
  durationMs: number;
  autosaveEveryMs: number;
  pushEveryMs: number;
  clockSyncEveryMs: number;
  /** Share of people who drop and reconnect per minute. */
  reconnectsPerMinute: number;
}

export type Command = SetupCommand | JoinCommand | TimersCommand | PushCommand | MixCommand | { type: "close" };

export interface SetupResult {
  type: "ready";
}

export interface JoinResult {
  type: "joined";
}

export interface TimersResult {
  type: "timed";
}

/**
 * How late the generator's own event loop ran over a window, from a 5 ms timer (so 5 ms when idle), in ms: a
 * generator's pause delays what it is timing, and a pause in every process at once is the machine's.
 */
export interface LoopDelay {
  p99Ms: number;
  maxMs: number;
}

export interface PushResult {
  type: "pushed";
  /** Push sent → the candidate's screen shows it (ms), one per push in the measured window. */
  latencies: number[];
  /** Pushes not sent because the room's previous one had not shown yet. */
  skipped: number;
  /** Bytes received over the measured window: all candidates, all interviewers. */
  candidateBytes: number;
  interviewerBytes: number;
  elapsedMs: number;
  loopDelay: LoopDelay;
}

export interface MixResult {
  type: "mixed";
  /** Ack latency by event (ms); "room:join" are the rejoins after a reconnect. */
  acks: Record<string, number[]>;
  failures: Record<string, number>;
  segmentEnds: number;
  loopDelay: LoopDelay;
}

export type Reply = SetupResult | JoinResult | TimersResult | PushResult | MixResult | { type: "failed"; message: string };
