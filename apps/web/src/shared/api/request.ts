import type * as ProtocolModule from "@mockloop/protocol";
import type { ErrorBody } from "@mockloop/protocol";

/** Every HTTP call resolves to data or a typed error the page can show; it never throws. */
export type ApiResult<T> = { ok: true; data: T } | { ok: false; status: number; error: ErrorBody };

export interface Parser<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: { message: string } };
}

export type Protocol = typeof ProtocolModule;

export const UNREACHABLE: ErrorBody = { code: "INTERNAL", message: "Cannot reach the server. Check your connection and try again." };

/**
 * The protocol's schemas, and zod with them, load beside the first request rather than with the page: the start
 * page draws before they arrive. Where a page already holds them, this resolves at once. Null when the script
 * cannot be loaded (offline after the page loaded).
 */
export function loadProtocol(): Promise<Protocol | null> {
  return import("@mockloop/protocol").catch(() => null);
}

export function unreachable<T>(): ApiResult<T> {
  return { ok: false, status: 0, error: UNREACHABLE };
}

/** The error a failed response carries, or one made from its status. */
export function errorOf(protocol: Protocol, status: number, body: unknown): ApiResult<never> {
  const error = protocol.errorResponseSchema.safeParse(body);
  return { ok: false, status, error: error.success ? error.data.error : { code: "INTERNAL", message: `The server answered ${status}.` } };
}

export async function requestJson<T>(path: string, init: RequestInit, parserOf: (protocol: Protocol) => Parser<T>): Promise<ApiResult<T>> {
  const loading = loadProtocol();
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { accept: "application/json", ...init.headers } });
  } catch {
    return unreachable();
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // An empty or non-JSON body falls through to the status-based message below.
  }
  const protocol = await loading;
  if (!protocol) return unreachable();
  if (!response.ok) return errorOf(protocol, response.status, body);
  const parsed = parserOf(protocol).safeParse(body);
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, status: response.status, error: { code: "INTERNAL", message: `Unexpected answer from the server: ${parsed.error.message}` } };
}

/** A failed ApiResult as a thrown error, for TanStack Query, which keeps it as the query's error. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.message);
    this.name = "ApiError";
  }
}

/** The data of a successful result; throws an ApiError otherwise. For query functions. */
export async function unwrap<T>(request: Promise<ApiResult<T>>): Promise<T> {
  const result = await request;
  if (result.ok) return result.data;
  throw new ApiError(result.status, result.error);
}

/** What to show for a failed query: the server's error as it sent it, or the failure's own message. */
export function errorBodyOf(error: Error): ErrorBody {
  return error instanceof ApiError ? error.body : { code: "INTERNAL", message: error.message };
}
