import { promptListSchema } from "@mockloop/protocol";
import { loadQuestionBank } from "@mockloop/questions";
import { connectClient, createRoom, spawnServerNode, waitFor, type NodeProcess } from "@mockloop/test-support";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer, bundleWithLauncher } from "../../build.ts";

const webAppBuilt = existsSync(fileURLToPath(new URL("../../../web/dist/index.html", import.meta.url)));

// What `pnpm start` and the image run: the server bundled to one file, started with plain node.
describe("the built server (dist/main.mjs)", () => {
  let node: NodeProcess;
  beforeAll(async () => {
    await buildServer();
    node = await spawnServerNode({ built: true, webApp: true });
  }, 60_000);
  afterAll(async () => {
    await node?.kill("SIGTERM");
  });

  it("runs without a TypeScript loader", async () => {
    const commandLine = (await readFile(`/proc/${node.pid}/cmdline`, "utf8")).split("\0");
    expect(commandLine).toContain("dist/main.mjs");
    expect(commandLine.join(" ")).not.toContain("tsx");
  });

  it("names the TypeScript file and line in a stack trace, started with plain node as the server is", async () => {
    // A fixture built the way the server is (bundle, source map, launcher): the server has no error to show on demand.
    const outDir = await mkdtemp(join(tmpdir(), "mockloop-built-"));
    try {
      const launcher = await bundleWithLauncher("test/fixtures/stack-trace.ts", outDir);
      const { stdout } = await promisify(execFile)(process.execPath, [launcher]);
      expect(stdout).toContain("Error: here");
      expect(stdout).toMatch(/at whereAmI \(.*test\/fixtures\/stack-trace\.ts:3:\d+\)/);
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });

  it("finds the question packs beside their package, as the sources do", async () => {
    const { questions } = promptListSchema.parse(await (await fetch(`${node.url}/api/tracks/amazon-tpm/questions`)).json());
    const bank = loadQuestionBank();
    const stages = bank.findTrack("amazon-tpm")?.stages ?? [];
    const fromSources = new Set(stages.flatMap((stage) => bank.questionsForStage("amazon-tpm", stage.id).map((question) => question.id)));
    expect(fromSources.size).toBeGreaterThanOrEqual(150);
    expect(questions.map((question) => question.id).sort()).toEqual([...fromSources].sort());
  });

  it.runIf(webAppBuilt)("serves the built web app from where it looks by default", async () => {
    const page = await fetch(`${node.url}/r/some-room`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain('<div id="root">');
  });

  it("runs a round: a pushed question reaches the candidate", async () => {
    const roomId = await createRoom(node.url, "phone-interview");
    const interviewer = await connectClient(node.url);
    const candidate = await connectClient(node.url);
    try {
      await interviewer.join({ roomId, name: "Ada", role: "interviewer" });
      await candidate.join({ roomId, name: "Grace", role: "candidate" });
      const questionId = loadQuestionBank().questionsForStage("amazon-tpm", "phone-interview")[0]?.id ?? "";
      // The interviewer's own change comes with the answer, in its view.
      expect(await interviewer.request("question:push", { questionId })).toMatchObject({ ok: true, data: { patch: { view: "interviewer", changes: { currentQuestion: { id: questionId } } } } });
      expect(interviewer.getState()?.currentQuestion?.id).toBe(questionId);
      await waitFor(() => candidate.getState()?.currentQuestion?.id === questionId, "the candidate to see the pushed question");
    } finally {
      interviewer.close();
      candidate.close();
    }
  });
});
