import type { ErrorBody } from "@mockloop/protocol";

/** What the page says for an error: the server's own message, in our words where the typed client wrote it for developers. */
export function errorText(error: ErrorBody): string {
  switch (error.code) {
    case "NO_ANSWER":
      return "No answer from the server: the connection dropped or the server was slow. It may have gone through, so check the room before you try again.";
    default:
      return error.message;
  }
}
