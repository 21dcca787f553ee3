/** What went wrong with a camera, microphone or screen, in words for the person in front of it. */
export function mediaErrorMessage(error: unknown, what: "devices" | "camera" | "microphone" | "screen"): string {
  const name = error instanceof DOMException || error instanceof Error ? error.name : "";
  if (what === "screen") {
    if (name === "NotAllowedError") return "Screen sharing was not started: the browser was not allowed to capture the screen, or the choice was cancelled.";
    return "Your screen could not be shared in this browser.";
  }
  const thing = what === "devices" ? "camera and microphone" : what;
  switch (name) {
    case "NotAllowedError":
    case "SecurityError":
      return `The browser is not letting this page use your ${thing}. Allow access for this site (look for the camera icon in the address bar), then try again.`;
    case "NotFoundError":
    case "OverconstrainedError":
      return what === "devices" ? "No camera or microphone was found. Plug one in, then try again." : `No ${thing} was found. Plug one in or pick another.`;
    case "NotReadableError":
    case "AbortError":
      return `Your ${thing} is busy or blocked: another app may be using it. Close that app, then try again.`;
    default:
      return `Your ${thing} could not be started.`;
  }
}

/** Said when a device disappears mid-call (unplugged, or taken by the system). */
export function deviceLostMessage(kind: "audio" | "video"): string {
  return kind === "audio"
    ? "Your microphone was disconnected. Plug it back in or pick another one in Devices."
    : "Your camera was disconnected. Plug it back in or pick another one in Devices.";
}
