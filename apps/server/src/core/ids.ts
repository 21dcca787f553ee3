import { createHash, randomFillSync, timingSafeEqual } from "node:crypto";

/**
 * Bytes from the system's secure generator, fetched 4 KB at a time and each handed out once, as Node's own
 * randomUUID pools its bytes: a call to the generator per id was 3% of a node's CPU while people joined.
 */
const randomPool = Buffer.alloc(4096);
let randomPoolOffset = randomPool.length;

/** `byteCount` fresh random bytes as base64url text. */
export function randomText(byteCount: number): string {
  if (byteCount > randomPool.length) throw new RangeError(`at most ${randomPool.length} random bytes at a time`);
  if (randomPoolOffset + byteCount > randomPool.length) {
    randomFillSync(randomPool);
    randomPoolOffset = 0;
  }
  const text = randomPool.toString("base64url", randomPoolOffset, randomPoolOffset + byteCount);
  randomPoolOffset += byteCount;
  return text;
}

/** 128 random bits, base64url: unguessable room ids for invite links. */
export function newRoomId(): string {
  return randomText(16);
}

export function newParticipantId(): string {
  return randomText(9);
}

/** 256 random bits: the secret a participant presents to come back as themselves. */
export function newParticipantToken(): string {
  return randomText(32);
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Whether two token hashes (`hashToken`) are the same, compared in constant time. */
export function sameTokenHash(tokenHash: string, storedHash: string): boolean {
  const candidate = Buffer.from(tokenHash, "hex");
  const stored = Buffer.from(storedHash, "hex");
  return candidate.length === stored.length && timingSafeEqual(candidate, stored);
}
