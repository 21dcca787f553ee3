import { createRoomResponseSchema, errorResponseSchema, promptListSchema, roomSummarySchema, trackListSchema } from "@mockloop/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../src/index.ts";
import { connectClient, createRoom, startTestServer, scorecardSubmission } from "@mockloop/test-support";


describe("HTTP API", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { PUBLIC_URL: "https://mock.example.com/" } });
  });
  afterAll(async () => {
    await server.close();
  });

  const post = (path: string, body: string) =>
    fetch(`${server.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body });

  it("reports liveness and readiness", async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: "ok" });
    expect(await (await fetch(`${server.url}/readyz`)).json()).toEqual({ status: "ok", store: "memory" });
  });

  it("lists the tracks and stages with their length", async () => {
    const { tracks } = trackListSchema.parse(await (await fetch(`${server.url}/api/tracks`)).json());
    const phone = tracks.find((track) => track.id === "amazon-tpm")?.stages.find((stage) => stage.id === "phone-interview");
    expect(phone?.minutes).toBe(60);
    expect(phone?.segments.map((segment) => segment.minutes)).toEqual([20, 20, 20]);
  });

  it("lists question prompts for the start page, without follow-ups or guidance", async () => {
    const all = await fetch(`${server.url}/api/tracks/amazon-tpm/questions`);
    const body = await all.text();
    const { questions } = promptListSchema.parse(JSON.parse(body));
    expect(questions.length).toBeGreaterThanOrEqual(150);
    expect(new Set(questions.map((question) => question.id)).size).toBe(questions.length);
    for (const field of ["followUps", "guidance", "strongSignals", "weakSignals"]) expect(body).not.toContain(`"${field}"`);

    const drill = promptListSchema.parse(await (await fetch(`${server.url}/api/tracks/amazon-tpm/questions?stageId=drill`)).json());
    expect(drill.questions.length).toBeGreaterThan(0);
    expect(drill.questions.every((question) => question.stages.includes("drill"))).toBe(true);

    expect((await fetch(`${server.url}/api/tracks/nope/questions`)).status).toBe(400);
    expect((await fetch(`${server.url}/api/tracks/amazon-tpm/questions?stageId=nope`)).status).toBe(400);
    expect((await fetch(`${server.url}/api/tracks/amazon-tpm/questions?stage=drill`)).status).toBe(400);
  });

  it("creates a room with an unguessable id and an invite link on the public URL", async () => {
    const response = await post("/api/rooms", JSON.stringify({ trackId: "amazon-tpm", stageId: "recruiter-screen" }));
    expect(response.status).toBe(201);
    const created = createRoomResponseSchema.parse(await response.json());
    expect(Buffer.from(created.roomId, "base64url").length * 8).toBeGreaterThanOrEqual(64);
    expect(created.inviteUrl).toBe(`https://mock.example.com/r/${created.roomId}`);
    const summary = roomSummarySchema.parse(await (await fetch(`${server.url}/api/rooms/${created.roomId}`)).json());
    expect(summary.stage.stageName).toBe("Recruiter screen");
    expect(summary.openRoles).toEqual(["interviewer", "candidate", "observer"]);
  });

  it("answers bad bodies and unknown things with typed errors", async () => {
    const cases: [Response, number, string][] = [
      [await post("/api/rooms", "{not json"), 400, "BAD_REQUEST"],
      [await post("/api/rooms", JSON.stringify({ trackId: "amazon-tpm" })), 400, "BAD_REQUEST"],
      [await post("/api/rooms", JSON.stringify({ trackId: "amazon-tpm", stageId: "nope" })), 400, "UNKNOWN_STAGE"],
      [await fetch(`${server.url}/api/rooms/bad`), 400, "BAD_REQUEST"],
      [await fetch(`${server.url}/api/rooms/${"A".repeat(22)}`), 404, "ROOM_NOT_FOUND"],
      [await fetch(`${server.url}/api/nothing-here`), 404, "NOT_FOUND"],
    ];
    for (const [response, status, code] of cases) {
      expect(response.status).toBe(status);
      expect(errorResponseSchema.parse(await response.json()).error.code).toBe(code);
    }
  });

  it("shows a scorecard only to a participant's token and only once submitted", async () => {
    const roomId = await createRoom(server.url);
    const interviewer = await connectClient(server.url);
    const candidate = await connectClient(server.url);
    try {
      await interviewer.join({ roomId, name: "Iris", role: "interviewer" });
      const { token } = await candidate.join({ roomId, name: "Cam", role: "candidate" });
      const read = (bearer: string) => fetch(`${server.url}/api/rooms/${roomId}/scorecards/1`, { headers: { authorization: `Bearer ${bearer}` } });
      expect((await read(token)).status).toBe(404);
      await interviewer.submitScorecard(scorecardSubmission({ recommendation: "inclined", strengths: "Good structure." }));
      expect((await read("x".repeat(43))).status).toBe(401);
      expect((await fetch(`${server.url}/api/rooms/${roomId}/scorecards/1`)).status).toBe(401);
      expect(await (await read(token)).json()).toMatchObject({ recommendation: "inclined", strengths: "Good structure." });
    } finally {
      interviewer.close();
      candidate.close();
    }
  });
});
