declare global {
  interface Window {
    /** Where Excalidraw loads its fonts from; without it, it would fetch them from a public CDN. */
    EXCALIDRAW_ASSET_PATH?: string | string[];
  }
}

/** Our own copy of Excalidraw's fonts, copied into the web build (see vite.config.ts). */
export const EXCALIDRAW_ASSET_PATH = "/excalidraw-assets/";

/** Points Excalidraw at the fonts this server serves; call before Excalidraw's module loads. */
export function pointExcalidrawAtOurAssets(): void {
  window.EXCALIDRAW_ASSET_PATH = EXCALIDRAW_ASSET_PATH;
}
