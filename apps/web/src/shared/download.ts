/** Saves a Blob as a file through a temporary object URL (the only way to attach a Bearer token to a download). */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = filename;
  anchor.rel = "noopener";
  anchor.style.display = "none";
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // Some browsers read the URL after click() returns; let them finish first.
  window.setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
