// Builds the server into one JavaScript file, dist/main.mjs, which `pnpm start` runs with plain node: no
// TypeScript loader in the running process. The loader (tsx) kept a thread of its own with every module's
// source, about 35 MB of the node's RSS before anyone connected. Run: pnpm --filter @mockloop/server build.
import { build, type Plugin } from "esbuild";
import { readFile } from "node:fs/promises";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const serverDir = fileURLToPath(new URL(".", import.meta.url));
export const builtEntry = fileURLToPath(new URL("./dist/main.mjs", import.meta.url));

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

/** Bundles one entry (a path under apps/server) to `outfile`, our code inlined and npm packages imported. */
export async function bundle(entry: string, outfile: string): Promise<string> {
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
    logLevel: "warning",
    plugins: [npmPackagesStayExternal, ownImportMetaUrl(dirname(resolve(serverDir, outfile)))],
  });
  return outfile;
}

export function buildServer(): Promise<string> {
  return bundle("src/main.ts", builtEntry);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await buildServer();
  process.stdout.write(`built ${relative(process.cwd(), builtEntry)}\n`);
}
