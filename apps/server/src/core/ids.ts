import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** 128 random bits, base64url: unguessable room ids for invite links. */
export function newRoomId(): string {
  return randomBytes(16).toString("base64url");
}

export function newParticipantId(): string {
  return randomBytes(9).toString("base64url");
}

/** 256 random bits: the secret a participant presents to come back as themselves. */
export function newParticipantToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function tokenMatches(token: string, tokenHash: string): boolean {
  const candidate = Buffer.from(hashToken(token), "hex");
  const stored = Buffer.from(tokenHash, "hex");
  return candidate.length === stored.length && timingSafeEqual(candidate, stored);
}
