import { ackSchema, clientEvents, emptyScorecardContent, type ClientEventName, type ErrorCode } from "@mockloop/protocol";
import type { RoomClient } from "@mockloop/protocol/client";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../src/index.ts";
import { connectClient, createRoom, scorecardSubmission, sendRaw, startTestServer, withOwnKey } from "@mockloop/test-support";

/**
 * Every client event, fuzzed: random payloads — arbitrary JSON, near-valid mutations of valid payloads,
 * prototype keys, huge strings, wrong types — sent raw over real sockets by a joined interviewer, candidate
 * and observer, and by a socket that joined nothing. Every ack must be a typed error, or a success whose data
 * matches the event's schema; the server must keep answering; and a refused payload must change nothing.
 * The rate limits are set out of reach: this tests validation, not limits.
 */

const RUNS_PER_EVENT = 100;
const unlimited = "1000000000,1000000000,1000000000";
const env = {
  RATE_LIMIT_READ: unlimited,
  RATE_LIMIT_ROOM_WRITE: unlimited,
  RATE_LIMIT_TIMER: unlimited,
  RATE_LIMIT_CLOCK_SYNC: unlimited,
  RATE_LIMIT_JOIN: unlimited,
  RATE_LIMIT_DRAFT: unlimited,
  RATE_LIMIT_LIVE: unlimited,
  QUEUE_JOINS_PER_MINUTE: "1000",
  RATE_LIMIT_QUEUE_JOINS_PER_ADDRESS: "1000000000",
  RATE_LIMIT_CONNECTIONS_PER_ADDRESS: "1000000000",
};

type ActorName = "interviewer" | "candidate" | "observer" | "outsider";
interface Actor {
  name: ActorName;
  client: RoomClient;
  /** Who the actor is in the room, to come back as after a payload made it join as someone else or leave. */
  token?: string;
}

interface Context {
  roomId: string;
  participantIds: string[];
  token: string;
}

/** A valid payload for each event (and `{}` for an event added since): the seeds of the near-valid mutations. */
function validPayloads(context: Context): Partial<Record<ClientEventName, unknown[]>> {
  const rating = { rating: "inclined", evidence: "Explained the trade-off." };
  const content = { ...emptyScorecardContent(), competencies: { communication: rating }, principles: { "dive-deep": rating }, strengths: "Clear." };
  const someone = context.participantIds[0] ?? "participant-1";
  return {
    "room:join": [
      { roomId: context.roomId, name: "Fuzz", role: "observer" },
      { roomId: context.roomId, token: context.token },
      // Well-formed, but no such room: refused, and the joined sender stays where it was.
      { roomId: "A".repeat(22), name: "Fuzz", role: "observer" },
    ],
    "question:push": [{ questionId: "tech-tcp-vs-udp" }],
    "group:plan": [{ rounds: 3 }],
    "group:extra-turn": [{ participantId: someone }],
    "group:host": [{ participantId: someone }],
    "timer:adjust": [{ deltaMs: 60_000 }, { deltaMs: -60_000 }],
    "timer:auto-advance": [{ enabled: false }],
    "scorecard:draft:save": [{ content, baseVersion: 0 }],
    "scorecard:submit": [{ ...scorecardSubmission({ recommendation: "inclined" }), content: { ...content, recommendation: "inclined" } }],
    "observer-notes:save": [{ notes: "Strong opening.", baseVersion: 0 }],
    "observer-notes:share": [{ requestId: "request-0001" }],
    "clock:sync": [{ clientSentAt: 1_700_000_000_000 }],
    "queue:join": [{ trackId: "amazon-tpm", stageId: "phone-interview", preferredRole: "candidate", name: "Fuzz" }],
  };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

const prototypeKey = fc.constantFrom("__proto__", "constructor", "prototype");
/** Up to 40 KB, under the 64 KiB one socket message may hold (a larger one closes the connection before validation). */
const hugeString = fc.integer({ min: 5_000, max: 10_000 }).chain((length) => fc.constantFrom("x", "é", "\u202E", "🙂").map((char) => char.repeat(length)));
const wrongType = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.string({ maxLength: 20 }), fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }));
const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 3 }), wrongType, hugeString);

/** A valid payload with one thing changed: somewhere inside it, a key dropped, added, retyped, or a prototype key put in. */
function mutate(value: unknown, depth = 0): fc.Arbitrary<unknown> {
  if (!isObject(value)) return anyValue;
  const keys = Object.keys(value);
  const mutations: fc.Arbitrary<unknown>[] = [
    fc.tuple(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 })).map(([key, extra]) => withOwnKey(value, key, extra)),
    fc.tuple(prototypeKey, fc.jsonValue({ maxDepth: 2 })).map(([key, extra]) => withOwnKey(value, key, extra)),
  ];
  if (keys.length > 0) {
    const key = fc.constantFrom(...keys);
    mutations.push(
      key.map((dropped) => Object.fromEntries(Object.entries(value).filter(([name]) => name !== dropped))),
      fc.tuple(key, anyValue).map(([replaced, replacement]) => ({ ...value, [replaced]: replacement })),
    );
    if (depth < 3) {
      mutations.push(key.chain((inner) => mutate(value[inner], depth + 1).map((mutated) => ({ ...value, [inner]: mutated }))));
    }
  }
  return fc.oneof(...mutations);
}

function payloads(valid: unknown[]): fc.Arbitrary<unknown> {
  const seeds = valid.length > 0 ? valid : [{}];
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...seeds).chain((seed) => mutate(seed)) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: wrongType },
    { weight: 1, arbitrary: hugeString },
    { weight: 1, arbitrary: fc.tuple(prototypeKey, fc.jsonValue({ maxDepth: 2 })).map(([key, value]) => withOwnKey({}, key, value)) },
    { weight: 1, arbitrary: fc.constantFrom(...seeds) },
  );
}

describe("fuzzing every client event", () => {
  let server: RunningServer;
  let context: Context;
  const actors = new Map<ActorName, Actor>();

  const join = async (name: ActorName, client: RoomClient): Promise<Actor> => {
    if (name === "outsider") return { name, client };
    const joined = await client.join({ roomId: context.roomId, name: `Fuzz ${name}`, role: name });
    return { name, client, token: joined.token };
  };

  /** Puts an actor back as it was after a payload made it leave, or join as someone else. */
  const restore = async (actor: Actor) => {
    if (actor.name === "outsider") {
      actor.client.close();
      actors.set("outsider", { name: "outsider", client: await connectClient(server.url) });
      return;
    }
    const back = actor.token ? await actor.client.request("room:join", { roomId: context.roomId, token: actor.token }) : undefined;
    if (!back?.ok) actors.set(actor.name, await join(actor.name, actor.client));
  };

  /** Everything a refused payload must leave as it was: the room, who is online, the drafts and notes kept beside it. */
  const snapshot = async () => {
    const room = await server.app.rooms.getRoom(context.roomId);
    const online = [...(await server.app.rooms.online(context.roomId))].sort();
    const drafts = await Promise.all(room.participants.map((participant) => server.app.scorecards.getDraft(context.roomId, participant.id).catch(() => null)));
    const observer = actors.get("observer");
    const notes = observer ? await observer.client.request("observer-notes:get", {}) : null;
    return { room, online, drafts, notes };
  };

  beforeAll(async () => {
    server = await startTestServer({ env });
    const roomId = await createRoom(server.url);
    context = { roomId, participantIds: [], token: "" };
    for (const name of ["interviewer", "candidate", "observer", "outsider"] as const) actors.set(name, await join(name, await connectClient(server.url)));
    const room = await server.app.rooms.getRoom(roomId);
    context = { roomId, participantIds: room.participants.map((participant) => participant.id), token: actors.get("candidate")?.token ?? "" };
  });
  afterAll(async () => {
    for (const actor of actors.values()) actor.client.close();
    await server.close();
  });

  const events = Object.keys(clientEvents) as ClientEventName[];
  it(`answers ${events.length} events × ${RUNS_PER_EVENT} random payloads with typed errors or valid results, and refusals change nothing`, async () => {
    const refusedCodes = new Map<ErrorCode, number>();
    let accepted = 0;
    for (const event of events) {
      const resultAck = ackSchema(clientEvents[event].result);
      await fc.assert(
        fc.asyncProperty(fc.constantFrom<ActorName>("interviewer", "candidate", "observer", "outsider"), payloads(validPayloads(context)[event] ?? []), async (name, payload) => {
          const actor = actors.get(name);
          if (!actor) throw new Error(`no ${name}`);
          const before = await snapshot();
          const raw = await sendRaw(actor.client, event, payload);
          const ack = resultAck.safeParse(raw);
          expect(ack.success, `${event} from the ${name} answered ${JSON.stringify(raw)?.slice(0, 300)}`).toBe(true);
          if (!ack.data) return;
          if (ack.data.ok) {
            accepted += 1;
            if (event === "room:join" || event === "room:leave") await restore(actor);
            return;
          }
          refusedCodes.set(ack.data.error.code, (refusedCodes.get(ack.data.error.code) ?? 0) + 1);
          expect(await snapshot(), `${event} from the ${name}, refused with ${ack.data.error.code}`).toEqual(before);
        }),
        { numRuns: RUNS_PER_EVENT },
      );
      // Still answering, after every event's runs.
      expect((await actors.get("outsider")?.client.request("clock:sync", { clientSentAt: 1 }))?.ok).toBe(true);
    }
    // Most payloads are refused, mostly as bad input; some valid ones got through and were checked too.
    expect(refusedCodes.get("BAD_REQUEST") ?? 0).toBeGreaterThan(events.length * RUNS_PER_EVENT * 0.5);
    expect(accepted).toBeGreaterThan(0);
  });

  // Found by this fuzz before the room's rework: a joined participant's refused room:join took them out of their room first.
  it("leaves a joined participant where they were when their room:join is refused", async () => {
    const interviewer = actors.get("interviewer");
    if (!interviewer) throw new Error("no interviewer");
    const before = await snapshot();
    const ack = await interviewer.client.request("room:join", { roomId: "A".repeat(22), name: "Fuzz", role: "observer" });
    expect(ack).toMatchObject({ ok: false, error: { code: "ROOM_NOT_FOUND" } });
    expect(await snapshot()).toEqual(before);
    // Still the room's interviewer on this connection.
    expect((await interviewer.client.request("questions:list", {})).ok).toBe(true);
  });
});
