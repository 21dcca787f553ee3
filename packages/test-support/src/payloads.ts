/**
 * A copy of `target` with `key` as an own, enumerable property, as JSON.parse makes it: `{ __proto__: x }` in an
 * object literal would set the prototype instead, and never reach the wire.
 */
export function withOwnKey(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = { ...target };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}
