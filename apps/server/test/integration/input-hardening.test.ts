import { ErrorCode, MAX_MESSAGE_BYTES, emptyScorecardContent, errorResponseSchema, scorecardContentSchema } from "@mockloop/protocol";
import type { RoomClient } from "@mockloop/protocol/client";
import { loadQuestionBank } from "@mockloop/questions";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../src/index.ts";
import { connectClient, createRoom, scorecardSubmission, sendRaw, startTestServer, withOwnKey } from "@mockloop/test-support";

/**
 * Input a browser never sends but an attacker can: names that hide or reorder text, and object keys that
 * reach for the prototype.
 */

// Right-to-left override, zero-width space, next line (C1 control), line separator, paragraph separator,
// a byte order mark inside the name, and a lone surrogate.
const sneakyNames = ["Bob\u202Eevil", "Bo\u200Bb", "Bo\u0085b", "Bo\u2028b", "Bo\u2029b", "Bo\uFEFFb", "Bo\uD800b"];

describe("input hardening", () => {
  let server: RunningServer;
  let roomId: string;
  const clients: RoomClient[] = [];
  const connect = async () => {
    const client = await connectClient(server.url);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    server = await startTestServer();
    roomId = await createRoom(server.url);
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(async () => {
    await server.close();
  });

  it.each(sneakyNames)("refuses the display name %j when joining a room, and the room stays as it was", async (name) => {
    const client = await connect();
    const before = await server.app.rooms.getRoom(roomId);
    const ack = errorResponseSchema.parse(await sendRaw(client, "room:join", { roomId, name, role: "observer" }));
    expect(ack.error.code).toBe(ErrorCode.BadRequest);
    expect(ack.error.message).toMatch(/invisible|control/);
    expect(await server.app.rooms.getRoom(roomId)).toEqual(before);
  });

  it.each(sneakyNames)("refuses the display name %j when asking for a partner, and nobody joins the line", async (name) => {
    const client = await connect();
    const ack = errorResponseSchema.parse(await sendRaw(client, "queue:join", { trackId: "amazon-tpm", stageId: "phone-interview", preferredRole: "candidate", name }));
    expect(ack.error.code).toBe(ErrorCode.BadRequest);
    expect(ack.error.message).toMatch(/invisible|control/);
    expect(await server.app.matchmaking.statuses("amazon-tpm", "phone-interview")).toEqual([]);
  });

  it("still accepts names in any script, with inner spaces, trimmed at the ends", async () => {
    const room = await createRoom(server.url);
    const client = await connect();
    const joined = await client.join({ roomId: room, name: "  Zoë 李 Ñandú-O'Brien  ", role: "observer" });
    expect(joined.participant.name).toBe("Zoë 李 Ñandú-O'Brien");
  });

  it.each(["__proto__", "constructor", "prototype"])("refuses a rating keyed %j in a draft or a submission with BAD_REQUEST, storing nothing", async (key) => {
    const room = await createRoom(server.url);
    const interviewer = await connect();
    await interviewer.join({ roomId: room, name: "Iris", role: "interviewer" });
    const candidate = await connect();
    await candidate.join({ roomId: room, name: "Cam", role: "candidate" });
    const rating = { rating: "inclined", evidence: "looks like a rating" };
    const before = await server.app.rooms.getRoom(room);
    for (const field of ["competencies", "principles"] as const) {
      const content = { ...emptyScorecardContent(), [field]: withOwnKey({ communication: rating }, key, rating) };
      const draft = await sendRaw(interviewer, "scorecard:draft:save", { content, baseVersion: 0 });
      expect(draft, `${field} draft`).toMatchObject({ ok: false, error: { code: ErrorCode.BadRequest } });
      const submission = { ...scorecardSubmission({ recommendation: "inclined" }), content: { ...content, recommendation: "inclined" } };
      const submitted = await sendRaw(interviewer, "scorecard:submit", submission);
      expect(submitted, `${field} submission`).toMatchObject({ ok: false, error: { code: ErrorCode.BadRequest } });
    }
    expect((await interviewer.getScorecardDraft()).version).toBe(0);
    expect(await server.app.rooms.getRoom(room)).toEqual(before);
  });
  it("answers a valid draft too large for one message MESSAGE_TOO_LARGE without sending it; the connection stays, and a save that fits goes on", async () => {
    const room = await createRoom(server.url);
    const client = await connect();
    await client.join({ roomId: room, name: "Iris", role: "interviewer" });
    const asked = loadQuestionBank().questionsForStage("amazon-tpm", "phone-interview").slice(0, 6).map((question) => question.id);
    for (const questionId of asked) await client.pushQuestion(questionId);
    let disconnects = 0;
    client.socket.on("disconnect", () => (disconnects += 1));
    // Every note within its own limit, 4,000 characters of three bytes each: six of them make about 72 KB.
    const notes = (count: number) =>
      asked.slice(0, count).map((questionId) => ({ questionId, notes: "李".repeat(4000), star: { situation: true, task: true, action: false, result: false } }));
    const tooLarge = { ...emptyScorecardContent(), questions: notes(6) };
    expect(scorecardContentSchema.safeParse(tooLarge).success).toBe(true);

    const refused = await client.request("scorecard:draft:save", { content: tooLarge, baseVersion: 0 });
    expect(refused).toMatchObject({ ok: false, error: { code: ErrorCode.MessageTooLarge, details: { max: MAX_MESSAGE_BYTES } } });
    // Five (about 60 KB) fit in one message, and are saved on the same connection.
    const saved = await client.request("scorecard:draft:save", { content: { ...emptyScorecardContent(), questions: notes(5) }, baseVersion: 0 });
    expect(saved).toMatchObject({ ok: true, data: { version: 1 } });
    expect(disconnects).toBe(0);

    // Sent anyway, past the typed client, the same message costs the connection: the server closes it unread.
    const closed = new Promise<string>((resolve) => client.socket.once("disconnect", resolve));
    client.socket.emit("scorecard:draft:save", { content: tooLarge, baseVersion: 1 }, () => undefined);
    expect(await closed).toBe("transport close");
  });
});
