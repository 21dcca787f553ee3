import { ErrorCode, MockloopError } from "@mockloop/protocol";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

export interface SignalLimits {
  /** Call events one connection may send per window. */
  points: number;
  windowSeconds: number;
}

/**
 * Far above a real call: a page in a full group of 8 trickles ICE candidates to 7 people at once, a few dozen
 * each, within the first seconds.
 */
export const defaultSignalLimits: SignalLimits = { points: 600, windowSeconds: 10 };

/** Takes one point for a connection's call event, or throws RATE_LIMITED with how long to wait. */
export type SignalLimiter = (connectionId: string) => Promise<void>;

export function createSignalLimiter({ points, windowSeconds }: SignalLimits = defaultSignalLimits): SignalLimiter {
  const limiter = new RateLimiterMemory({ points, duration: windowSeconds });
  return async (connectionId) => {
    try {
      await limiter.consume(connectionId);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      throw new MockloopError(ErrorCode.RateLimited, `at most ${points} call messages every ${windowSeconds} s; wait a moment`, {
        details: { retryAfterMs: rejection.msBeforeNext },
      });
    }
  };
}
