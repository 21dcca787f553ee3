import { z } from "zod";

/**
 * A request's own id, chosen by the client: sent again with the same id (a retry after its answer was lost), a
 * request is applied once. A scorecard's submit and a share of observer notes must carry one; every other
 * command that changes the room may.
 */
export const requestIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "a request id is 8–64 URL-safe characters");

/** `byteCount` random bytes as URL-safe text: `crypto.getRandomValues` works in pages served over plain HTTP too. */
function randomUrlSafeText(byteCount: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(byteCount));
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** 16 random bytes as 22 URL-safe characters. */
export function newRequestId(): string {
  return randomUrlSafeText(16);
}

/**
 * 32 random bytes as 43 URL-safe characters: the participant token a client chooses for a first join, as
 * unguessable as one the server makes (`joinAsNewPayloadSchema`).
 */
export function newChosenToken(): string {
  return randomUrlSafeText(32);
}
