import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// In development the API and the room sockets live on the server (http://localhost:3000 by default);
// the dev server proxies them so the browser sees one origin, as it does in production.
const server = process.env.MOCKLOOP_SERVER_URL ?? "http://localhost:3000";

export default defineConfig({
  plugins: [react()],
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
  build: { outDir: "dist", emptyOutDir: true, manifest: true },
});
