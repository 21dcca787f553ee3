import { createHash } from "node:crypto";
import type { Cluster, Redis } from "ioredis";
import { asStoreError } from "./errors.ts";

/** Every script's name by its SHA1 and by its source, so a command that runs one can be told apart (`commandName`). */
const scriptNames = new Map<string, string>();

/**
 * What a store command is, in a word: its name, or for a script run by its SHA1 the script's own name. A short,
 * fixed list, fit for a metric's label.
 */
export function commandName(name: string, args: readonly unknown[]): string {
  const command = name.toLowerCase();
  if (command !== "evalsha" && command !== "eval") return command;
  // EVALSHA names the script by its SHA1; EVAL (the first run after Redis forgot it) by its source.
  const script = args[0];
  return (typeof script === "string" && scriptNames.get(script)) || command;
}

/** A script a library defined on the client as a command of its own (ioredis `defineCommand`): its text and SHA1. */
interface DefinedScript {
  lua: string;
  sha: string;
}

/**
 * Names the scripts libraries defined on `client` (the shared rate limits' counter, say) by the command they
 * defined, so that `commandName` tells them apart too rather than calling them all `evalsha`.
 */
export function nameScriptsDefinedOn(client: Redis | Cluster): void {
  const defined = (client as unknown as { scriptsSet?: Record<string, DefinedScript> }).scriptsSet ?? {};
  for (const [name, { lua, sha }] of Object.entries(defined)) {
    scriptNames.set(sha, name);
    scriptNames.set(lua, name);
  }
}

/**
 * A Lua script run by its SHA1 (EVALSHA), so hot paths — every room change, every timer poll — do not send
 * the script's text each time. Redis loads it on first use (and again after a restart or SCRIPT FLUSH).
 */
export class LuaScript {
  private readonly sha: string;

  constructor(
    readonly name: string,
    private readonly source: string,
  ) {
    this.sha = createHash("sha1").update(source).digest("hex");
    scriptNames.set(this.sha, name);
    scriptNames.set(source, name);
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
