import { ErrorCode, MockloopError } from "@mockloop/protocol";

/**
 * Whether a failed call may still have changed what the store holds: unless it was refused (a typed error other
 * than STORE_UNAVAILABLE), Redis may have run the write and the answer been lost.
 */
export function mayHaveBeenApplied(error: unknown): boolean {
  return !(error instanceof MockloopError) || error.code === ErrorCode.StoreUnavailable;
}
