import { roomIdSchema } from "@mockloop/protocol";

/**
 * Finds the room id in what someone pasted: a full invite link (any origin), a path like /r/<id>,
 * or the bare id. Returns null when there is no valid room id in it.
 */
export function parseInvite(input: string): string | null {
  const text = input.trim();
  if (text === "") return null;
  let candidate = text;
  const match = /(?:^|\/)r\/([^/?#\s]+)/.exec(text);
  if (match?.[1]) {
    try {
      candidate = decodeURIComponent(match[1]);
    } catch {
      return null;
    }
  }
  return roomIdSchema.safeParse(candidate).success ? candidate : null;
}
