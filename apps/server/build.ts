// Builds the server into one JavaScript file, dist/server.mjs (with its source map), started by dist/main.mjs,
// which `pnpm start` runs with plain node: no TypeScript loader in the running process. The loader (tsx) kept a
// thread of its own with every module's source, about 35 MB of the node's RSS before anyone connected.
// Run: pnpm --filter @mockloop/server build.
import { build, type Plugin } from "esbuild";
import { readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const serverDir = fileURLToPath(new URL(".", import.meta.url));
const builtDir = fileURLToPath(new URL("./dist", import.meta.url));
export const builtEntry = join(builtDir, "main.mjs");

/**
 * What `node main.mjs` runs. Node reads a module's source map only if source maps are on when the module loads,
 * so they are turned on here, before the bundle is imported: a stack trace in the log then names the TypeScript
 * file and line, however the server is started (`pnpm start`, the image, the tests), with no flag to remember.
 */
const launcherText = `// Built by apps/server/build.ts: source maps on, then the bundle.
process.setSourceMapsEnabled(true);
await import("./server.mjs");
`;

/**
 * Our own code (the server's and the workspace packages') is bundled; npm packages stay imports that node
 * resolves from apps/server at run time.
 */
const npmPackagesStayExternal: Plugin = {
  name: "npm-packages-external",
  setup(esbuild) {
    esbuild.onResolve({ filter: /^[^./]/ }, ({ path }) => (path.startsWith("@mockloop/") ? undefined : { path, external: true }));
  },
};

/**
 * A module that finds files beside itself (`new URL("../data", import.meta.url)`: the question packs, the web
 * app) keeps doing so from the bundle: its `import.meta.url` becomes its own file's URL, written relative to
 * the bundle so the built tree can move as a whole (into an image, say).
 */
const ownImportMetaUrl = (outDir: string): Plugin => ({
  name: "own-import-meta-url",
  setup(esbuild) {
    esbuild.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
      const source = await readFile(path, "utf8");
      if (!source.includes("import.meta.url")) return { contents: source, loader: "ts" };
      const fromBundle = relative(outDir, path).split("\\").join("/");
      return { contents: source.replaceAll("import.meta.url", `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`), loader: "ts" };
    });
  },
});

/**
 * Bundles one entry (a path under apps/server) to `outfile`, our code inlined and npm packages imported; with
 * `sourceMap`, a source map beside it, linked from it (without the sources' text: a stack needs only the lines).
 */
export async function bundle(entry: string, outfile: string, { sourceMap = false }: { sourceMap?: boolean } = {}): Promise<string> {
  await build({
    absWorkingDir: serverDir,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // Readable stack traces: names kept, nothing minified.
    minify: false,
    sourcemap: sourceMap,
    sourcesContent: false,
    logLevel: "warning",
    plugins: [npmPackagesStayExternal, ownImportMetaUrl(dirname(resolve(serverDir, outfile)))],
  });
  return outfile;
}

/** Bundles `entry` to `outDir`/server.mjs with its source map, and writes `outDir`/main.mjs, which runs it; answers main.mjs's path. */
export async function bundleWithLauncher(entry: string, outDir: string): Promise<string> {
  await bundle(entry, join(outDir, "server.mjs"), { sourceMap: true });
  const launcher = join(outDir, "main.mjs");
  await writeFile(launcher, launcherText);
  return launcher;
}

export function buildServer(): Promise<string> {
  return bundleWithLauncher("src/main.ts", builtDir);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await buildServer();
  process.stdout.write(`built ${relative(process.cwd(), builtEntry)}\n`);
}
