import { ErrorCode, MockloopError } from "@mockloop/protocol";
import { ReplyError } from "ioredis";

/** How long a client should wait before retrying during an outage. */
const retryAfterMs = 1_000;

/**
 * A failed Redis call as the domain sees it: Redis answering with an error (a bug, a script error) stays what
 * it is; Redis not answering at all — refused, closed, timed out, offline — is the typed, retryable
 * STORE_UNAVAILABLE, so a client learns within a second that it should retry, not that something broke.
 */
export function asStoreError(error: unknown): unknown {
  if (error instanceof MockloopError || error instanceof ReplyError) return error;
  // Not "nothing was changed": Redis may have run a write whose answer was lost (a command's request id makes sending it again safe).
  return new MockloopError(ErrorCode.StoreUnavailable, "the store cannot be reached right now; try again shortly", {
    cause: error,
    details: { retryAfterMs },
  });
}

/** Runs a Redis call, turning "Redis is not there" into STORE_UNAVAILABLE. */
export async function storeCall<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw asStoreError(error);
  }
}
