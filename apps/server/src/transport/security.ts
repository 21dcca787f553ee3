import helmet from "@fastify/helmet";
import type { FastifyInstance } from "fastify";

/**
 * The board's SVG export subsets its fonts with HarfBuzz compiled to WebAssembly, whose glue code builds functions
 * from strings. That runs in a worker of its own (Excalidraw's `subset-worker` chunk), and a worker takes its
 * policy from its own script's answer: that script alone may evaluate code ('unsafe-eval', which also lets it
 * compile WebAssembly). Pages keep `script-src 'self'`.
 */
const fontSubsetWorker = /^\/assets\/subset-worker\.chunk-[\w-]+\.js$/;
const fontSubsetWorkerPolicy = "default-src 'none'; script-src 'self' 'unsafe-eval'";

/**
 * Headers for every answer. The page runs only its own scripts (no inline script), talks only to its own
 * server (HTTP and WebSocket), cannot be framed, and sends no referrer (room ids live in URLs). Camera,
 * microphone and screen capture are allowed for the page itself, for the call, and nothing else.
 */
export async function registerSecurityHeaders(app: FastifyInstance, { publicUrl }: { publicUrl: string | undefined }): Promise<void> {
  // 'self' covers the page's own WebSocket in current browsers; with a PUBLIC_URL the socket's origin is named too.
  const socketOrigins = publicUrl ? [new URL(publicUrl).origin.replace(/^http/, "ws")] : [];
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Inline style attributes and injected <style> (React's style prop, the drawing board) are allowed; scripts are not.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        fontSrc: ["'self'", "data:"],
        connectSrc: ["'self'", ...socketOrigins],
        mediaSrc: ["'self'", "blob:"],
        workerSrc: ["'self'", "blob:"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: { policy: "same-origin" },
    crossOriginResourcePolicy: { policy: "same-origin" },
    referrerPolicy: { policy: "no-referrer" },
    strictTransportSecurity: { maxAge: 180 * 24 * 60 * 60, includeSubDomains: true },
    xFrameOptions: { action: "deny" },
  });
  app.addHook("onSend", async (request, reply) => {
    if (fontSubsetWorker.test(request.url)) reply.header("content-security-policy", fontSubsetWorkerPolicy);
    reply.header("permissions-policy", "camera=(self), microphone=(self), display-capture=(self), speaker-selection=(self), geolocation=(), payment=(), usb=()");
    // Rooms, scorecards and debriefs are private to their people: never kept by a browser or a proxy.
    if (request.url.startsWith("/api/rooms")) reply.header("cache-control", "no-store");
  });
}
