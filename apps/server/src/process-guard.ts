import { ReplyError } from "ioredis";

/** Messages of the errors ioredis and the Socket.IO adapter reject with when Redis is not there. */
const redisOutage = /Connection is closed|Stream isn't writeable|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|Command timed out|All sentinels are unreachable|Failed to refresh slots cache|None of startup nodes is available/;

/** Whether an unhandled rejection is Redis being unreachable (or answering an error), not a bug of ours. */
export function isRedisFailure(reason: unknown): boolean {
  if (reason instanceof ReplyError) return true;
  if (!(reason instanceof Error)) return false;
  return reason.name === "MaxRetriesPerRequestError" || redisOutage.test(reason.message);
}

/**
 * The last resort against a Redis outage ending the process: a rejection nobody handled that comes from Redis
 * (ioredis, the adapter's publish) is reported and counted, and the node lives on — it recovers by itself when
 * Redis is back. Anything else is a bug, and ends the process as Node would.
 */
export function guardAgainstRedisRejections(report: (reason: unknown) => void): void {
  process.on("unhandledRejection", (reason) => {
    if (isRedisFailure(reason)) {
      report(reason);
      return;
    }
    console.error("unhandled rejection", reason);
    process.exit(1);
  });
}
