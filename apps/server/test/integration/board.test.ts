import { ErrorCode, boardListSchema, errorResponseSchema, roundBoardSchema, type BoardElement } from "@mockloop/protocol";
import type { RoomClient } from "@mockloop/protocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectEvents, connectClient, createRoom, nextEvent, nextState, scorecardSubmission, startTestServer, waitFor } from "@mockloop/test-support";
import type { RunningServer } from "../../src/index.ts";

/** Small bounds, so an oversized scene and a flood are quick to make. */
const limits = { BOARD_MAX_ELEMENTS: "20", BOARD_MAX_ELEMENT_BYTES: "2048", BOARD_MAX_SCENE_BYTES: "8192" };

let nextNonce = 1;
function shape(id: string, version = 1, extra: Partial<BoardElement> = {}): BoardElement {
  return { id, type: "rectangle", version, versionNonce: nextNonce++, isDeleted: false, index: `a${id}`, x: 10, y: 20, width: 120, height: 60, ...extra };
}

describe("the board in one room: who draws, the bounds, and the board kept with its round", () => {
  let server: RunningServer;
  const clients: RoomClient[] = [];
  beforeAll(async () => {
    server = await startTestServer({ env: limits });
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await server.close();
  });

  const person = async (roomId: string, name: string, role: "interviewer" | "candidate" | "observer") => {
    const client = await connectClient(server.url);
    clients.push(client);
    const joined = await client.join({ roomId, name, role });
    return { client, id: joined.participant.id, token: joined.token };
  };
  const pair = async () => {
    const roomId = await createRoom(server.url);
    const interviewer = await person(roomId, "Iris", "interviewer");
    const candidate = await person(roomId, "Cam", "candidate");
    const observer = await person(roomId, "Olive", "observer");
    return { roomId, interviewer, candidate, observer };
  };
  const scene = async (client: RoomClient) => (await client.call("board:get", {})).elements;
  const api = (path: string, token: string) => fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

  it("lets the candidate and the interviewer draw, sends others what was stored, and gives a newcomer the whole scene", async () => {
    const { interviewer, candidate, observer, roomId } = await pair();
    const empty = await candidate.client.call("board:get", {});
    expect(empty).toEqual({ round: 1, elements: [], observersMayDraw: false, limits: { maxElements: 20, maxElementBytes: 2048, maxSceneBytes: 8192 } });

    const toObserver = nextEvent(observer.client, "board:changed");
    const toInterviewer = nextEvent(interviewer.client, "board:changed");
    const ownEcho = collectEvents(candidate.client, "board:changed");
    const queue = shape("queue");
    expect(await candidate.client.call("board:update", { round: 1, elements: [queue] })).toEqual({ stored: 1 });
    expect(await toObserver).toEqual({ round: 1, elements: [queue] });
    expect(await toInterviewer).toEqual({ round: 1, elements: [queue] });

    const cache = shape("cache", 1, { type: "ellipse" });
    // The queue's losing copy of a tie (a higher nonce) is neither stored nor passed on.
    expect(await interviewer.client.call("board:update", { round: 1, elements: [cache, { ...queue, versionNonce: queue.versionNonce + 1000, x: 99 }] })).toEqual({ stored: 1 });
    const late = await person(roomId, "Lee", "observer");
    expect(await scene(late.client)).toEqual([cache, queue]);
    expect(ownEcho).toEqual([{ round: 1, elements: [cache] }]);
  });

  it("passes on a resent edit the board already held, so an update whose node died before passing it on still reaches everyone", async () => {
    const { interviewer, candidate, observer, roomId } = await pair();
    const arrow = shape("arrow", 3, { type: "arrow" });
    // As if a node stored the candidate's edit and died before passing it on: the store has it, nobody else heard.
    expect(await server.boardStore.mergeElements(roomId, 1, [arrow], { maxElements: 20, maxSceneBytes: 8192 })).toMatchObject({ stored: [arrow] });
    const heard = collectEvents(observer.client, "board:changed");
    const toInterviewer = nextEvent(interviewer.client, "board:changed");
    // The candidate never got an answer, so it sends the same edit again: nothing new is stored, and the others get it.
    expect(await candidate.client.call("board:update", { round: 1, elements: [arrow] })).toEqual({ stored: 0 });
    expect(await toInterviewer).toEqual({ round: 1, elements: [arrow] });
    await waitFor(() => heard.length === 1, "the observer to hear the resent edit");
    expect(heard).toEqual([{ round: 1, elements: [arrow] }]);
    expect(await scene(observer.client)).toEqual([arrow]);
  });

  it("refuses an observer's drawing with FORBIDDEN and stores nothing", async () => {
    const { candidate, observer } = await pair();
    const heard = collectEvents(candidate.client, "board:changed");
    const ack = await observer.client.request("board:update", { round: 1, elements: [shape("scribble")] });
    expect(ack).toMatchObject({ ok: false, error: { code: ErrorCode.Forbidden } });
    expect(await scene(candidate.client)).toEqual([]);
    // A pair's room has no switch for observers.
    expect(await candidate.client.request("board:observers", { mayDraw: true })).toMatchObject({ ok: false, error: { code: ErrorCode.BadRequest } });
    expect(heard).toEqual([]);
  });

  it("refuses an oversized scene, an element flood, an oversized element and an image, each with its typed error, storing nothing", async () => {
    const { candidate, interviewer } = await pair();
    const heard = collectEvents(interviewer.client, "board:changed");
    await candidate.client.call("board:update", { round: 1, elements: [shape("first")] });
    await waitFor(() => heard.length === 1, "the first shape to reach the interviewer");

    const wordy = (id: string) => shape(id, 1, { type: "text", text: "w".repeat(1_500) });
    const oversized = await candidate.client.request("board:update", { round: 1, elements: ["t1", "t2", "t3", "t4", "t5", "t6"].map(wordy) });
    expect(oversized).toMatchObject({ ok: false, error: { code: ErrorCode.BoardTooLarge, details: { max: 8192 } } });

    const flood = Array.from({ length: 25 }, (_, index) => shape(`flood${index}`, 1, { width: index }));
    expect(await candidate.client.request("board:update", { round: 1, elements: flood })).toMatchObject({ ok: false, error: { code: ErrorCode.BoardFull, details: { max: 20 } } });

    const huge = shape("huge", 1, { type: "text", text: "h".repeat(3_000) });
    expect(await candidate.client.request("board:update", { round: 1, elements: [huge] })).toMatchObject({
      ok: false,
      error: { code: ErrorCode.ElementTooLarge, details: { max: 2048, elementId: "huge" } },
    });
    const image = shape("photo", 1, { type: "image", fileId: "abc", status: "saved" });
    expect(await candidate.client.request("board:update", { round: 1, elements: [image] })).toMatchObject({
      ok: false,
      error: { code: ErrorCode.ElementNotAllowed, details: { type: "image" } },
    });

    expect((await scene(interviewer.client)).map((element) => element.id)).toEqual(["first"]);
    expect(heard).toHaveLength(1);
  });

  it("answers malformed board events with BAD_REQUEST, and board events before joining with NOT_JOINED", async () => {
    const { candidate } = await pair();
    const emit = candidate.client.socket.timeout(5_000).emitWithAck as (event: string, payload: unknown) => Promise<unknown>;
    const raw = (event: string, payload: unknown) => emit.call(candidate.client.socket.timeout(5_000), event, payload);
    for (const [event, payload] of [
      ["board:update", { round: 1, elements: [] }],
      ["board:update", { round: 1, elements: [{ id: "x", type: "rectangle", version: 1 }] }],
      ["board:update", { round: 1, elements: [{ ...shape("x"), type: "hologram" }] }],
      ["board:update", { round: 1, elements: [{ ...shape("x"), id: "../../etc" }] }],
      ["board:update", { round: 0, elements: [shape("x")] }],
      ["board:update", { elements: [shape("x")] }],
      ["board:pointer", { x: "left", y: 0, button: "up" }],
      ["board:observers", { mayDraw: "yes" }],
    ] as const) {
      const ack = errorResponseSchema.parse(await raw(event, payload));
      expect(ack.error.code, `${event} ${JSON.stringify(payload)}`).toBe(ErrorCode.BadRequest);
    }
    expect(await scene(candidate.client)).toEqual([]);
    const stranger = await connectClient(server.url);
    clients.push(stranger);
    expect(await stranger.request("board:get", {})).toMatchObject({ ok: false, error: { code: ErrorCode.NotJoined } });
    expect(await stranger.request("board:pointer", { x: 1, y: 2, button: "up" })).toMatchObject({ ok: false, error: { code: ErrorCode.NotJoined } });
  });

  it("relays pointers to everyone else in the room, and keeps none", async () => {
    const { interviewer, candidate, observer } = await pair();
    const ownPointers = collectEvents(candidate.client, "board:pointer");
    const seen = [nextEvent(observer.client, "board:pointer"), nextEvent(interviewer.client, "board:pointer")];
    await candidate.client.call("board:pointer", { x: 12.5, y: -40, button: "down" });
    for (const pointer of await Promise.all(seen)) expect(pointer).toEqual({ participantId: candidate.id, x: 12.5, y: -40, button: "down" });
    // The sender's own connection was never sent it: a later event from someone else is the first it hears.
    const next = nextEvent(candidate.client, "board:pointer");
    await interviewer.client.call("board:pointer", { x: 0, y: 0, button: "up" });
    expect((await next).participantId).toBe(interviewer.id);
    expect(ownPointers).toEqual([{ participantId: interviewer.id, x: 0, y: 0, button: "up" }]);
    expect(await scene(observer.client)).toEqual([]);
  });

  it("in a study group, lets the host allow observers to draw, and nobody else", async () => {
    const response = await fetch(`${server.url}/api/rooms`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ trackId: "amazon-tpm", stageId: "drill", kind: "group" }),
    });
    const { roomId } = (await response.json()) as { roomId: string };
    const host = await person(roomId, "Ann", "observer");
    const ben = await person(roomId, "Ben", "observer");
    const cat = await person(roomId, "Cat", "observer");

    expect(await ben.client.request("board:update", { round: 1, elements: [shape("b1")] })).toMatchObject({ ok: false, error: { code: ErrorCode.Forbidden } });
    expect(await ben.client.request("board:observers", { mayDraw: true })).toMatchObject({ ok: false, error: { code: ErrorCode.Forbidden } });
    const told = nextEvent(cat.client, "board:settings");
    await host.client.call("board:observers", { mayDraw: true });
    expect(await told).toEqual({ observersMayDraw: true });
    expect(await ben.client.call("board:update", { round: 1, elements: [shape("b1")] })).toEqual({ stored: 1 });
    expect((await cat.client.call("board:get", {})).observersMayDraw).toBe(true);

    await host.client.call("board:observers", { mayDraw: false });
    expect(await ben.client.request("board:update", { round: 1, elements: [shape("b2")] })).toMatchObject({ ok: false, error: { code: ErrorCode.Forbidden } });
    expect((await scene(cat.client)).map((element) => element.id)).toEqual(["b1"]);
  });

  it("lets only the board's font-subsetting worker script evaluate code; every page keeps script-src 'self'", async () => {
    const worker = await fetch(`${server.url}/assets/subset-worker.chunk-Ab12_cd.js`);
    expect(worker.headers.get("content-security-policy")).toBe("default-src 'none'; script-src 'self' 'unsafe-eval'");
    for (const path of ["/", "/assets/index-Ab12.js", "/assets/subset-worker.chunk-Ab12.js.map", "/r/room?x=/assets/subset-worker.chunk-a.js"]) {
      const policy = (await fetch(`${server.url}${path}`)).headers.get("content-security-policy") ?? "";
      expect(policy, path).toContain("script-src 'self';");
      expect(policy, path).not.toContain("unsafe-eval");
    }
  });

  it("keeps a round's board with that round when the roles swap, for the debrief, the scorecard and its downloads", async () => {
    const { roomId, interviewer, candidate, observer } = await pair();
    const box = shape("service", 2, { type: "rectangle" });
    const arrow = shape("call", 1, { type: "arrow", points: [[0, 0], [80, 0]] });
    const erased = shape("erased", 3, { isDeleted: true });
    await candidate.client.call("board:update", { round: 1, elements: [box, arrow, erased] });

    // No board link while the debrief's round has nothing drawn, then one once it has.
    const swapped = nextState(candidate.client, (state) => state.round === 2);
    await interviewer.client.submitScorecard(scorecardSubmission({ recommendation: "inclined" }));
    await candidate.client.swapRoles();
    await swapped;

    // The new round starts with an empty board; the old one is read-only.
    expect(await candidate.client.call("board:get", {})).toMatchObject({ round: 2, elements: [] });
    expect(await candidate.client.request("board:update", { round: 1, elements: [shape("late")] })).toMatchObject({ ok: false, error: { code: ErrorCode.RoundOver } });
    expect(await candidate.client.request("board:update", { round: 3, elements: [shape("early")] })).toMatchObject({ ok: false, error: { code: ErrorCode.BadRequest } });

    const list = boardListSchema.parse(await (await api(`/api/rooms/${roomId}/boards`, observer.token)).json());
    expect(list).toEqual({ boards: [{ round: 1, elements: 2 }] });
    const read = roundBoardSchema.parse(await (await api(`/api/rooms/${roomId}/boards/1`, observer.token)).json());
    expect(read).toEqual({ roomId, round: 1, elements: [arrow, box] });

    const download = await api(`/api/rooms/${roomId}/boards/1?format=excalidraw`, candidate.token);
    expect(download.headers.get("content-disposition")).toBe(`attachment; filename="board-${roomId}-round-1.excalidraw"`);
    expect(download.headers.get("content-type")).toMatch(/^application\/vnd\.excalidraw\+json/);
    expect(await download.json()).toMatchObject({ type: "excalidraw", version: 2, elements: [arrow, box], files: {} });

    const debrief = await (await api(`/api/rooms/${roomId}/debrief?format=markdown`, observer.token)).text();
    expect(debrief).toContain(`(/api/rooms/${roomId}/boards/1?format=excalidraw)`);
    expect(debrief).not.toContain(`/boards/2`);
    const scorecard = await (await api(`/api/rooms/${roomId}/scorecards/1?format=markdown`, observer.token)).text();
    expect(scorecard).toContain(`(/api/rooms/${roomId}/boards/1?format=excalidraw)`);

    // Someone who has left still reads it; a stranger's token does not.
    await observer.client.leave();
    expect((await api(`/api/rooms/${roomId}/boards/1`, observer.token)).status).toBe(200);
    const stranger = await api(`/api/rooms/${roomId}/boards/1`, "x".repeat(43));
    expect(stranger.status).toBe(401);
    expect(await stranger.json()).toMatchObject({ ok: false, error: { code: ErrorCode.InvalidToken } });
    expect((await api(`/api/rooms/${roomId}/boards/9`, candidate.token)).status).toBe(404);
  });
});
