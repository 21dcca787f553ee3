/** Participant tokens, one per room, so a reload comes back as the same person. */

const PREFIX = "mockloop:token:";
const NAME_KEY = "mockloop:name";

function safeGet(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function safeSet(key: string, value: string | null): void {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // Storage can be disabled (private mode, quotas); the room still works until a reload.
  }
}

export function loadToken(roomId: string): string | null {
  return safeGet(PREFIX + roomId);
}

export function saveToken(roomId: string, token: string): void {
  safeSet(PREFIX + roomId, token);
}

export function forgetToken(roomId: string): void {
  safeSet(PREFIX + roomId, null);
}

/** The last display name used, to pre-fill forms. */
export function loadName(): string {
  return safeGet(NAME_KEY) ?? "";
}

export function saveName(name: string): void {
  safeSet(NAME_KEY, name);
}
