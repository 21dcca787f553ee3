// The bare Socket.IO relay the benchmark compares mockloop with: the same Socket.IO, the same Redis streams
// adapter on the same Redis, and nothing else. A "push" from one client goes to the others in its room — what a
// question push fundamentally is. Run as its own process: REDIS_URL, REDIS_KEY_PREFIX, PORT.
import { createAdapter } from "@socket.io/redis-streams-adapter";
import { Redis } from "ioredis";
import { createServer } from "node:http";
import { Server } from "socket.io";

const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
const prefix = process.env.REDIS_KEY_PREFIX ?? "relay:";
const http = createServer((request, response) => response.writeHead(request.url === "/healthz" ? 200 : 404).end());
const io = new Server(http, {
  serveClient: false,
  // As mockloop's: the stream every node reads, as long, read as often.
  adapter: createAdapter(redis, { streamName: `${prefix}socket.io`, maxLen: 100_000, blockTimeInMs: 1_000 }),
});

io.on("connection", (socket) => {
  socket.on("join", (room: string, ack: (answer: { ok: boolean }) => void) => {
    void socket.join(room);
    ack({ ok: true });
  });
  socket.on("push", (payload: { room: string; question: unknown }, ack: (answer: { ok: boolean }) => void) => {
    socket.to(payload.room).emit("question", payload.question);
    ack({ ok: true });
  });
});

http.listen(Number(process.env.PORT ?? 0), "127.0.0.1");
process.on("SIGTERM", () => {
  io.close();
  redis.disconnect();
  process.exit(0);
});
