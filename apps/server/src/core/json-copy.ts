/**
 * A deep copy of JSON-shaped data (plain objects, arrays, strings, numbers, booleans, null): what
 * `JSON.parse(JSON.stringify(value))` gives for such data, several times quicker than parsing text again
 * and than `structuredClone`.
 */
export function copyOfJson<T>(value: T): T {
  if (Array.isArray(value)) {
    const copy: unknown[] = new Array(value.length);
    for (let index = 0; index < value.length; index++) copy[index] = copyOfJson(value[index]);
    return copy as T;
  }
  if (value !== null && typeof value === "object") {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) copy[key] = copyOfJson((value as Record<string, unknown>)[key]);
    return copy as T;
  }
  return value;
}
