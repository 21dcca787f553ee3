#!/usr/bin/env tsx
// Validates question packs and prints what they hold.
//   pnpm --filter @mockloop/questions validate-pack [dir ...]
// With no folder it checks the built-in packs. A folder may be a pack (track.json or pack.json) or hold packs.
// Exit code 0: every pack is usable; 1: a pack was refused (the message names the file, item and field).
import { isAbsolute, relative, resolve } from "node:path";
import { PackError, loadPacks } from "./load.ts";
import { formatSummary, summarizeTrack } from "./summary.ts";

const USAGE = "usage: validate-pack [pack-or-folder-of-packs ...]";

/** Relative folders are taken from where the user ran the command (pnpm runs scripts in the package folder). */
function baseDir(): string {
  const viaScript = process.env.npm_lifecycle_event === "validate-pack";
  return (viaScript && process.env.INIT_CWD) || process.cwd();
}

function main(args: readonly string[]): number {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  const unknownFlag = args.find((arg) => arg.startsWith("-"));
  if (unknownFlag) {
    console.error(`unknown option ${unknownFlag}\n${USAGE}`);
    return 2;
  }
  const dirs = args.map((dir) => resolve(baseDir(), dir));
  let loaded;
  try {
    loaded = loadPacks({ extraPackDirs: dirs });
  } catch (error) {
    if (!(error instanceof PackError)) throw error;
    console.error(`Pack refused:\n${error.message}`);
    return 1;
  }

  // Without folders, report every built-in track; with folders, the tracks those packs define or extend.
  const sources = dirs.length === 0 ? loaded.sources : loaded.sources.filter((source) => isUnder(source.dir, dirs));
  const trackIds = [...new Set(sources.map((source) => source.trackId))];
  for (const source of sources) {
    const what = source.kind === "track" ? "defines track" : "adds to track";
    console.log(`OK ${source.dir}: ${what} "${source.trackId}" with ${source.questionIds.length} question${source.questionIds.length === 1 ? "" : "s"}`);
  }
  for (const trackId of trackIds) {
    const entry = loaded.entries.find((candidate) => candidate.track.id === trackId);
    if (!entry) continue;
    console.log(`\n${formatSummary(summarizeTrack(entry.track, entry.questions))}`);
  }
  return 0;
}

function isUnder(dir: string, roots: readonly string[]): boolean {
  return roots.some((root) => {
    const path = relative(root, dir);
    return !path.startsWith("..") && !isAbsolute(path);
  });
}

process.exitCode = main(process.argv.slice(2));
