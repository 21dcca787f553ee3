import type { Plugin } from "vite";

/** Where the web build serves Excalidraw's fonts (copied from the package); the board sets EXCALIDRAW_ASSET_PATH to it. */
export const EXCALIDRAW_ASSETS_DIR = "excalidraw-assets";

// Excalidraw lists a public CDN after EXCALIDRAW_ASSET_PATH for every font, and Chromium checks each listed
// URL against the Content-Security-Policy as soon as the font is declared: a CSP violation on every page that
// opens the board, though our own copy is used. Pointing the fallback at our own copy too keeps every font
// request on this server. The pattern is Excalidraw 0.18's; the build fails if it is not found.
const cdnFallback = /`https:\/\/esm\.sh\/\$\{[^`]*`[^`]*`\s*:\s*"@excalidraw\/excalidraw"\s*\}\/dist\/(prod|dev)\/`/;

export function excalidrawFontsFromOurServer(): Plugin {
  let replaced = false;
  return {
    name: "mockloop:excalidraw-fonts-from-our-server",
    transform(code, id) {
      if (!id.includes("@excalidraw/excalidraw/dist/") || !code.includes('"ASSETS_FALLBACK_URL"')) return null;
      if (!cdnFallback.test(code)) this.error("Excalidraw's font fallback changed shape: update excalidraw-assets.ts");
      replaced = true;
      return { code: code.replace(cdnFallback, `(window.location.origin + "/${EXCALIDRAW_ASSETS_DIR}/")`), map: null };
    },
    buildEnd() {
      if (!replaced && this.meta.watchMode === false) this.warn("Excalidraw's font fallback was not found in this build");
    },
  };
}
