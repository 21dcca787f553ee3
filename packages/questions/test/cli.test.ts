// Runs the CLI as a child process, the way `pnpm --filter @mockloop/questions validate-pack` does.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDir, validPackFiles, validQuestion, writePack, type TempDir } from "./fixtures.ts";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const tsx = join(packageDir, "node_modules", ".bin", "tsx");
const cli = join(packageDir, "src", "cli.ts");

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return runWith({}, ...args);
}

/** `extraEnv` is added to the environment, from which any package-script variables are first removed. */
function runWith(extraEnv: Record<string, string>, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env };
  delete env.npm_lifecycle_event;
  delete env.INIT_CWD;
  Object.assign(env, extraEnv);
  const result = spawnSync(tsx, [cli, ...args], { encoding: "utf8", env, timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let tmp: TempDir;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.remove());

describe("validate-pack", () => {
  it("validates the built-in packs and prints counts by stage, category and principle", () => {
    const { status, stdout, stderr } = run();
    expect(stderr).toBe("");
    expect(status).toBe(0);
    expect(stdout).toMatch(/^OK .*amazon-tpm: defines track "amazon-tpm" with \d{3} questions$/m);
    expect(stdout).toContain("By stage:");
    expect(stdout).toMatch(/^ {2}onsite-bar-raiser +55 min +\d+ questions$/m);
    expect(stdout).toContain("By category:");
    expect(stdout).toMatch(/^ {2}behavioral +\d+$/m);
    expect(stdout).toContain("By principle (all questions / behavioral):");
    expect(stdout).toMatch(/^ {2}have-backbone-disagree-and-commit +\d+ \/ \d+$/m);
    expect(stdout).toMatch(/^ {2}drill \/ questions +15 min/m);
    expect(stdout).not.toContain("Warnings:");
  }, 60_000);

  it("validates a pack folder and summarises only its track", () => {
    const dir = writePack(join(tmp.path, "acme"), validPackFiles());
    const { status, stdout } = run(dir);
    expect(status).toBe(0);
    expect(stdout).toContain(`OK ${dir}: defines track "acme-pm" with 5 questions`);
    expect(stdout).toMatch(/^acme-pm \(Acme program manager\): 5 questions$/m);
    expect(stdout).toMatch(/^ {2}customer-first +1 \/ 1$/m);
    expect(stdout).toMatch(/^ {2}technical +3$/m);
    expect(stdout).not.toContain("amazon-tpm (");
  }, 60_000);

  it("takes relative folders from where the user ran the package script", () => {
    const dir = writePack(join(tmp.path, "acme"), validPackFiles());
    const { status, stdout } = runWith({ npm_lifecycle_event: "validate-pack", INIT_CWD: tmp.path }, "acme");
    expect(status).toBe(0);
    expect(stdout).toContain(`OK ${dir}: defines track "acme-pm"`);
  }, 60_000);

  it("fails with exit code 1 and the PackError message on a bad pack", () => {
    const files = validPackFiles();
    const dir = writePack(join(tmp.path, "bad"), { ...files, questions: { "a.json": [validQuestion("q-one", { principles: ["nope"] })] } });
    const { status, stdout, stderr } = run(dir);
    expect(status).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain(`${join(dir, "questions", "a.json")}: question "q-one", field "principles": unknown principle "nope"`);
  }, 60_000);

  it("fails on a folder that does not exist", () => {
    const missing = join(tmp.path, "missing");
    const { status, stderr } = run(missing);
    expect(status).toBe(1);
    expect(stderr).toContain(`${missing}: pack folder not found`);
  }, 60_000);
});
