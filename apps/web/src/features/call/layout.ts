import type { Role } from "@mockloop/protocol";

export type TileSize = "large" | "small";

const ROLE_ORDER: Record<Role, number> = { interviewer: 0, candidate: 1, observer: 2 };

/**
 * The round's interviewer and candidate are large, observers small. When nobody in the call holds either role
 * (a study group before its first round), everyone is large.
 */
export function arrangeTiles<T extends { role: Role }>(tiles: readonly T[]): { tile: T; size: TileSize }[] {
  const anyLead = tiles.some((tile) => tile.role !== "observer");
  return [...tiles]
    .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role])
    .map((tile) => ({ tile, size: anyLead && tile.role === "observer" ? "small" : "large" }));
}
