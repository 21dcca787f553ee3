import { ConfigError, loadConfig } from "./config.ts";
import { holdHeapGrowth } from "./heap.ts";
import { startServer } from "./index.ts";
import { guardAgainstRedisRejections } from "./process-guard.ts";

// Reported on stderr until the server's logger exists.
let reportRedisRejection = (reason: unknown) => console.error("unhandled Redis failure", reason);
guardAgainstRedisRejections((reason) => reportRedisRejection(reason));

// The process entry: start, then stop cleanly on SIGINT/SIGTERM so in-flight acks are answered.
try {
  const config = loadConfig(process.env);
  const heapGrowth = holdHeapGrowth({ percent: config.HEAP_GROWING_PERCENT, settleMs: config.HEAP_GROWTH_SETTLE_MS });
  const server = await startServer({ config });
  // Every connection is a channel of its own, and a join adds the participant's (and the room's, for its first here): the count rises with both.
  const channels = server.app.io.of("/").adapter.rooms;
  heapGrowth.follow(() => channels.size, server.app.metrics.registry);
  reportRedisRejection = (reason) => server.app.noteUnhandledRedisFailure(reason);
  server.app.http.log.info(`mockloop is up at ${server.url} (store: ${server.store.kind})`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.app.http.log.info(`${signal}: shutting down`);
    const timeoutMs = server.config.SHUTDOWN_TIMEOUT_MS;
    setTimeout(() => {
      server.app.http.log.warn(`shutdown did not finish within ${timeoutMs} ms (is Redis unreachable?); exiting anyway`);
      process.exit(1);
    }, timeoutMs).unref();
    heapGrowth.stop();
    server.close().then(
      () => {
        process.exitCode = 0;
      },
      (error: unknown) => {
        console.error(error);
        process.exitCode = 1;
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
} catch (error) {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exitCode = 1;
}
