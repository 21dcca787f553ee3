import { z } from "zod";

/** Keys that reach for an object's prototype (`__proto__`) or shadow what every object inherits. */
export const prototypeKeys: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/**
 * `z.record(key, value)` that refuses the keys `__proto__`, `constructor` and `prototype`. zod builds a record
 * by assignment and skips an own `__proto__` key without a word, so a payload carrying one would be stored
 * without it instead of refused: the raw input's own keys are checked before zod builds the object. Every
 * record in the protocol is made with this. Typed as the plain record: the check only narrows what is accepted.
 */
export function safeRecord<K extends z.core.$ZodRecordKey, V extends z.core.SomeType>(key: K, value: V) {
  const record = z.record(key, value);
  const guarded = z
    .unknown()
    .check((ctx) => {
      const raw = ctx.value;
      if (typeof raw !== "object" || raw === null) return;
      for (const own of Object.keys(raw)) {
        if (prototypeKeys.has(own)) ctx.issues.push({ code: "custom", message: `"${own}" cannot be used as a key`, input: raw, path: [own] });
      }
    })
    .pipe(record);
  return guarded as unknown as z.ZodType<z.output<typeof record>, z.input<typeof record>>;
}
