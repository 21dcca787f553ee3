import type { ErrorBody } from "@mockloop/protocol";

/** Errors a later attempt of the same request can get past: no answer, not rejoined yet, busy or unreachable store, rate limit, a server fault. */
const TRANSIENT: ReadonlySet<string> = new Set(["NO_ANSWER", "INTERNAL", "NOT_JOINED", "CONFLICT", "RATE_LIMITED", "STORE_UNAVAILABLE"]);

export function isTransient(error: ErrorBody): boolean {
  return TRANSIENT.has(error.code);
}
