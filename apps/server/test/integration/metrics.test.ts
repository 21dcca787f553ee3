import { describe, expect, it } from "vitest";
import { connectClient, createRoom, metricSample as sample, startRedis, startTestServer, uniquePrefix, waitFor } from "@mockloop/test-support";
import { useRedisNodes } from "@mockloop/test-support/vitest";
import { newTimer } from "../../src/features/timer/timer-rules.ts";

const scrape = async (url: string) => {
  const response = await fetch(`${url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/plain");
  return response.text();
};

describe("GET /metrics", () => {
  const cluster = useRedisNodes();

  it("answers Prometheus text with connections, rooms, events by outcome, ack latency and segment-end lateness", async () => {
    const {
      nodes: [node],
    } = await cluster.nodes(1);
    if (!node) throw new Error("a node expected");
    const roomId = await createRoom(node.url);
    const interviewer = await cluster.connect(node);
    const candidate = await cluster.connect(node);
    await interviewer.join({ roomId, name: "Iris", role: "interviewer" });
    await candidate.join({ roomId, name: "Cam", role: "candidate" });
    await interviewer.pushQuestion("tech-tcp-vs-udp");
    // Refused by the schema and by the role rules: both are counted by their code.
    expect((await interviewer.request("timer:adjust", { deltaMs: 0.5 })).ok).toBe(false);
    expect((await candidate.request("question:push", { questionId: "tech-tcp-vs-udp" })).ok).toBe(false);

    // A plan of short segments, so the scheduler applies two ends.
    await node.store.updateRoom(roomId, (room) => ({
      room: { ...room, timer: newTimer([40, 40].map((durationMs, index) => ({ id: `part-${index}`, name: `Part ${index}`, durationMs }))) },
      result: null,
    }));
    await interviewer.startTimer();
    await waitFor(async () => (sample(await scrape(node.url), "mockloop_segment_end_lateness_seconds_count") ?? 0) >= 2, "two segment ends announced");

    const text = await scrape(node.url);
    expect(sample(text, "mockloop_connections")).toBe(2);
    expect(sample(text, "mockloop_rooms")).toBe(1);
    expect(sample(text, 'mockloop_socket_events_total{event="room:join",outcome="ok"}')).toBe(2);
    expect(sample(text, 'mockloop_socket_events_total{event="question:push",outcome="ok"}')).toBe(1);
    expect(sample(text, 'mockloop_socket_events_total{event="question:push",outcome="FORBIDDEN"}')).toBe(1);
    expect(sample(text, 'mockloop_socket_events_total{event="timer:adjust",outcome="BAD_REQUEST"}')).toBe(1);
    expect(sample(text, 'mockloop_socket_ack_seconds_count{event="room:join"}')).toBe(2);
    expect(sample(text, 'mockloop_socket_ack_seconds_bucket{le="+Inf",event="question:push"}')).toBe(2);
    expect(sample(text, "mockloop_segment_end_lateness_seconds_count")).toBeGreaterThanOrEqual(2);
    // The store's round trips, a script by its name: the push, the plan written above and the timer's start wrote
    // the room; the scheduler took due rooms.
    expect(sample(text, 'mockloop_redis_command_seconds_count{command="room-write"}')).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'mockloop_redis_command_seconds_count{command="due-take"}')).toBeGreaterThan(0);
    expect(sample(text, 'mockloop_redis_command_seconds_sum{command="room-write"}')).toBeGreaterThan(0);
    // A library's script by the command it defined (the shared rate limits' counter), not as a bare evalsha.
    expect(sample(text, 'mockloop_redis_command_seconds_count{command="rlflxIncr"}')).toBeGreaterThan(0);
    expect(text).not.toMatch(/command="(evalsha|eval)"/);
    // Declared even before anything happened, so dashboards and alerts find them.
    for (const name of ["mockloop_rate_limited_total", "mockloop_redis_errors_total", "mockloop_redis_reconnects_total", "mockloop_connections_opened_total"]) {
      expect(text).toContain(`# TYPE ${name} counter`);
    }
    // The process defaults come along.
    expect(sample(text, "process_resident_memory_bytes")).toBeGreaterThan(0);
  });

  it("counts requests refused for their rate, socket events by name and HTTP answers 429", async () => {
    const {
      nodes: [node],
    } = await cluster.nodes(1, { RATE_LIMIT_CLOCK_SYNC: "2,1000,1000", RATE_LIMIT_ROOMS_PER_ADDRESS: "1" });
    if (!node) throw new Error("a node expected");
    await createRoom(node.url);
    expect((await fetch(`${node.url}/api/rooms`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ trackId: "amazon-tpm", stageId: "phone-interview" }) })).status).toBe(429);
    const client = await cluster.connect(node);
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await client.request("clock:sync", { clientSentAt: Date.now() }));
    expect(answers.map((answer) => (answer.ok ? "ok" : answer.error.code))).toEqual(["ok", "ok", "RATE_LIMITED"]);

    const text = await scrape(node.url);
    expect(sample(text, 'mockloop_rate_limited_total{source="clock:sync"}')).toBe(1);
    expect(sample(text, 'mockloop_rate_limited_total{source="http"}')).toBe(1);
    expect(sample(text, 'mockloop_socket_events_total{event="clock:sync",outcome="RATE_LIMITED"}')).toBe(1);
  });

  it("counts Redis errors and reconnection attempts while Redis is down", async () => {
    const own = await startRedis();
    // Its reconnect attempts log errors by design; keep the test output readable.
    const node = await startTestServer({ redisUrl: own.url, keyPrefix: uniquePrefix("metrics"), env: { LOG_LEVEL: "fatal" } });
    const client = await connectClient(node.url);
    try {
      await own.stop();
      await waitFor(async () => {
        const text = await scrape(node.url);
        return (sample(text, 'mockloop_redis_errors_total{client="store"}') ?? 0) > 0 && (sample(text, 'mockloop_redis_reconnects_total{client="store"}') ?? 0) > 0;
      }, "Redis errors and reconnects counted");
    } finally {
      client.close();
      await node.close();
    }
  });
});
