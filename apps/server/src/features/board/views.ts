import type { BoardElement } from "@mockloop/protocol";

/** A board as a `.excalidraw` file (Excalidraw's own JSON format, version 2), which Excalidraw opens as it is. */
export function excalidrawFile(elements: readonly BoardElement[]) {
  return {
    type: "excalidraw",
    version: 2,
    source: "mockloop",
    elements,
    appState: { viewBackgroundColor: "#ffffff", gridSize: null },
    files: {},
  };
}
