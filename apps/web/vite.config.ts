import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { viteStaticCopy } from "vite-plugin-static-copy";
import { EXCALIDRAW_ASSETS_DIR, excalidrawFontsFromOurServer } from "./excalidraw-assets.ts";

// In development the API and the room sockets live on the server (http://localhost:3000 by default);
// the dev server proxies them so the browser sees one origin, as it does in production.
const server = process.env.MOCKLOOP_SERVER_URL ?? "http://localhost:3000";

export default defineConfig({
  plugins: [
    react(),
    // The board's fonts are served by us (window.EXCALIDRAW_ASSET_PATH), never fetched from a CDN.
    viteStaticCopy({
      targets: [{ src: "node_modules/@excalidraw/excalidraw/dist/prod/fonts", dest: EXCALIDRAW_ASSETS_DIR, rename: { stripBase: 5 } }],
    }),
    excalidrawFontsFromOurServer(),
  ],
  // Class names stay kebab-case in the stylesheets and read as camelCase in components (styles.questionList).
  css: { modules: { localsConvention: "camelCaseOnly" } },
  server: {
    port: 5173,
    proxy: {
      "/api": server,
      "/healthz": server,
      "/readyz": server,
      "/socket.io": { target: server, ws: true },
    },
  },
  // The manifest lets scripts/bundle-size.ts follow the entry chunk's static imports.
  build: {
    rolldownOptions: {
      output: {
        codeSplitting: {
          // Excalidraw's font-subsetting worker must not import the rest of Excalidraw (which needs a window):
          // its small shared helpers stay a chunk of their own, as they are in Excalidraw's own build.
          groups: [{ name: "excalidraw-worker-shared", test: /@excalidraw\/excalidraw\/dist\/prod\/chunk-(ZUYEQ4TG|SRAX5OIU)\.js$/ }],
        },
      },
    },
    outDir: "dist",
    emptyOutDir: true,
    manifest: true,
  },
});
