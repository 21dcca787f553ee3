import { createHash } from "node:crypto";
import type { Cluster, Redis } from "ioredis";
import { asStoreError } from "./errors.ts";

/**
 * A Lua script run by its SHA1 (EVALSHA), so hot paths — every room change, every timer poll — do not send
 * the script's text each time. Redis loads it on first use (and again after a restart or SCRIPT FLUSH).
 */
export class LuaScript {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash("sha1").update(source).digest("hex");
  }

  async run(redis: Redis | Cluster, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw asStoreError(error);
      return redis.eval(this.source, keys.length, ...keys, ...args).catch((retryError: unknown) => {
        throw asStoreError(retryError);
      });
    }
  }
}
