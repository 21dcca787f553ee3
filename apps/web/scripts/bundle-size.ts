/**
 * First-load JS of the built app: the entry chunk and every chunk it imports statically (what a browser downloads
 * before the start page can run), gzipped, read from Vite's manifest. Lazy chunks are listed apart.
 * Exits non-zero past the budget. Run after `vite build`.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const BUDGET_KB = 150;

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

const dist = fileURLToPath(new URL("../dist/", import.meta.url));
const manifest = JSON.parse(readFileSync(`${dist}.vite/manifest.json`, "utf8")) as Record<string, ManifestChunk>;

/** Kilobytes as Vite prints them (1 kB = 1000 bytes). */
const kb = (bytes: number) => (bytes / 1000).toFixed(2);
const print = (line: string) => process.stdout.write(`${line}\n`);
const gzipped = (file: string) => gzipSync(readFileSync(`${dist}${file}`)).length;

function staticClosure(keys: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const imported of manifest[key]?.imports ?? []) visit(imported);
  };
  keys.forEach(visit);
  return seen;
}

const entries = Object.keys(manifest).filter((key) => manifest[key]?.isEntry);
const firstLoad = staticClosure(entries);
const rows = Object.entries(manifest)
  .filter(([, chunk]) => chunk.file.endsWith(".js"))
  .map(([key, chunk]) => ({ file: chunk.file, raw: readFileSync(`${dist}${chunk.file}`).length, gzip: gzipped(chunk.file), first: firstLoad.has(key) }))
  .sort((a, b) => Number(b.first) - Number(a.first) || b.gzip - a.gzip);

for (const row of rows) {
  print(`${row.first ? "first load" : "lazy      "}  ${kb(row.gzip).padStart(7)} kB gzip  ${kb(row.raw).padStart(8)} kB  ${row.file}`);
}
const total = rows.filter((row) => row.first).reduce((sum, row) => sum + row.gzip, 0);
print(`First-load JS: ${kb(total)} kB gzipped (budget ${BUDGET_KB} kB)`);
if (total > BUDGET_KB * 1000) {
  console.error(`First-load JS is over the ${BUDGET_KB} kB budget: split the code that the start page does not need.`);
  process.exit(1);
}
