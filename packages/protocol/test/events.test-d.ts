import { describe, expectTypeOf, it } from "vitest";
import type { Ack, CallSignal, ClientToServerEvents, IceConfig, JoinResult, RoomPatch, RoomSnapshot, RoomState, ServerToClientEvents } from "../src/index.ts";

describe("typed event maps", () => {
  it("derives payloads and acks from the schema table", () => {
    type Join = Parameters<ClientToServerEvents["room:join"]>;
    expectTypeOf<Join[0]>().toEqualTypeOf<{ roomId: string; name: string; role: "interviewer" | "candidate" | "observer"; token?: string | undefined } | { roomId: string; token: string }>();
    expectTypeOf<Parameters<Join[1]>[0]>().toEqualTypeOf<Ack<JoinResult>>();
    expectTypeOf<Parameters<ClientToServerEvents["question:push"]>[0]>().toEqualTypeOf<{ questionId: string; requestId?: string | undefined }>();
  });

  it("gives the server's room events the role-split unions", () => {
    expectTypeOf<Parameters<ServerToClientEvents["room:snapshot"]>[0]>().toEqualTypeOf<RoomSnapshot>();
    expectTypeOf<Parameters<ServerToClientEvents["room:patch"]>[0]>().toEqualTypeOf<RoomPatch>();
    expectTypeOf<Extract<RoomState, { view: "participant" }>["currentQuestion"]>().toEqualTypeOf<{ id: string; prompt: string } | null>();
    expectTypeOf<Extract<RoomPatch, { view: "participant" }>["changes"]["currentQuestion"]>().toEqualTypeOf<{ id: string; prompt: string } | null | undefined>();
  });

  it("types the call's signalling: a signal names its target, the relayed one its sender", () => {
    expectTypeOf<Parameters<ClientToServerEvents["call:signal"]>[0]>().toEqualTypeOf<{ to: string; toSession: string; fromSession: string; signal: CallSignal }>();
    expectTypeOf<Parameters<Parameters<ClientToServerEvents["call:ice-servers"]>[1]>[0]>().toEqualTypeOf<Ack<IceConfig>>();
    expectTypeOf<Parameters<ServerToClientEvents["call:signal"]>[0]>().toEqualTypeOf<{ from: string; fromSession: string; toSession: string; signal: CallSignal }>();
  });
});
