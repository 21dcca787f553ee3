/**
 * A map that keeps its `limit` most recently used entries (read or written); past the limit, the least recently
 * used is forgotten. A limit of 0 keeps nothing.
 */
export class RecentlyUsed<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly limit: number) {}

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      // A Map iterates in insertion order: moved to the end, the entry is the last to be forgotten.
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    if (this.limit === 0) return;
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value as K);
  }

  delete(key: K): void {
    this.entries.delete(key);
  }
}

/**
 * Tells a message's first arrival from its repeats by a key (its sender and its number, say), among the `limit`
 * keys seen last: for messages a Redis client may send twice (a command resent after its answer was lost).
 */
export class SeenRecently {
  private readonly seen: RecentlyUsed<string, true>;

  constructor(limit: number) {
    this.seen = new RecentlyUsed(limit);
  }

  /** Whether `key` was seen already; notes it either way. */
  repeat(key: string): boolean {
    if (this.seen.get(key)) return true;
    this.seen.set(key, true);
    return false;
  }
}
