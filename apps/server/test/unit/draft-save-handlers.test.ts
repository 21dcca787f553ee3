import { emptyScorecardContent } from "@mockloop/protocol";
import { loadQuestionBank } from "@mockloop/questions";
import { describe, expect, it } from "vitest";
import { observerNotesHandlers } from "../../src/features/observer-notes/handlers.ts";
import { scorecardHandlers } from "../../src/features/scorecards/handlers.ts";
import type { RoomPublisher } from "../../src/transport/room-publisher.ts";
import type { RoomSocket } from "../../src/transport/socket-types.ts";
import { embeddedServices } from "./services.ts";

const bank = loadQuestionBank();

/** A publisher whose tell-the-other-tabs never finishes (Redis slow to take it), recording what it was given. */
function stalledPublisher() {
  const told: { participantId: string; event: string; payload: unknown }[] = [];
  const publisher = {
    toOtherTabs: (_origin: RoomSocket, participantId: string, event: string, payload: unknown) => {
      told.push({ participantId, event, payload });
      return new Promise<void>(() => undefined);
    },
  } as unknown as RoomPublisher;
  return { publisher, told };
}

async function seated() {
  const services = embeddedServices(bank, () => 1_700_000_000_000);
  const room = await services.rooms.createRoom("amazon-tpm", "phone-interview");
  const interviewer = await services.rooms.join(room.id, { name: "Iris", role: "interviewer" }, "i");
  const observer = await services.rooms.join(room.id, { name: "Ola", role: "observer" }, "o");
  const socketOf = (participantId: string) => ({ id: `tab-of-${participantId}`, data: { roomId: room.id, participantId } }) as unknown as RoomSocket;
  return { services, interviewer: socketOf(interviewer.participant.id), observer: socketOf(observer.participant.id) };
}

// An autosave answers once the draft is stored; telling the person's other tabs is a further Redis round trip
// that the answer does not wait for. Were it awaited, these saves would never answer and the tests time out.
describe("draft saves answer without waiting for the other tabs to be told", () => {
  it("a scorecard draft", async () => {
    const { services, interviewer } = await seated();
    const { publisher, told } = stalledPublisher();
    const save = scorecardHandlers({ scorecards: services.scorecards, publisher, bank })["scorecard:draft:save"];
    const answer = await save(interviewer, { content: { ...emptyScorecardContent(), strengths: "Clear story" }, baseVersion: 0 });
    expect(answer).toMatchObject({ version: 1 });
    expect(told).toEqual([{ participantId: interviewer.data.participantId, event: "scorecard:draft", payload: expect.objectContaining({ version: 1 }) }]);
  });

  it("an observer's notes", async () => {
    const { services, observer } = await seated();
    const { publisher, told } = stalledPublisher();
    const save = observerNotesHandlers({ notes: services.notes, publisher })["observer-notes:save"];
    const answer = await save(observer, { notes: "Asked for the metric twice", baseVersion: 0 });
    expect(answer).toMatchObject({ version: 1 });
    expect(told).toEqual([{ participantId: observer.data.participantId, event: "observer-notes:draft", payload: expect.objectContaining({ version: 1 }) }]);
  });
});
