import { setFlagsFromString } from "node:v8";

/**
 * How far V8 lets the old generation grow past what its last full collection kept before it collects again
 * (percent; 0 leaves V8's own choice). V8 grows it up to fourfold while allocation is fast, which after a burst
 * of joins leaves hundreds of megabytes of garbage in pages the process then keeps while it sits idle; a
 * server holding thousands of quiet connections wants its heap near what is live. Set before the server
 * starts: V8 reads it at each collection.
 */
export function limitHeapGrowth(percent: number): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
