import type { IncomingMessage } from "node:http";
import { requestedHost, type TrustProxy } from "./client-address.ts";

export interface OriginPolicy {
  /** Origins allowed to open a socket (PUBLIC_URL's and ALLOWED_ORIGINS); empty means "the host asked for". */
  allowed: readonly string[];
  trust: TrustProxy;
}

/**
 * Socket.IO's `allowRequest`: which web pages may open a socket. A browser always says which page asks
 * (Origin), so a page on another site cannot act in a room with the visitor's connection. A request without
 * an Origin is not from a browser page (our own RoomClient in Node, a benchmark) and is let in: the check
 * defends browsers' users, and a non-browser client can claim any Origin anyway.
 */
export function originGuard({ allowed, trust }: OriginPolicy) {
  const allowList = new Set(allowed);
  return (request: IncomingMessage, callback: (reason: string | null, allow: boolean) => void): void => {
    const origin = request.headers.origin;
    if (origin === undefined) return callback(null, true);
    if (allowList.size > 0 ? allowList.has(origin) : sameHost(origin, requestedHost(request, trust))) return callback(null, true);
    const expected = allowList.size > 0 ? [...allowList].join(", ") : "pages served by this server";
    callback(`origin ${origin} is not allowed to open a socket here (allowed: ${expected}; see ALLOWED_ORIGINS)`, false);
  };
}

/** Whether the page's origin names the host (and port) the request was sent to; default ports compare equal. */
function sameHost(origin: string, host: string | undefined): boolean {
  // A host is a name or an address and maybe a port; anything else is not compared at all.
  if (!host || !/^[A-Za-z0-9.\-[\]:]+$/.test(host) || !URL.canParse(origin)) return false;
  const page = new URL(origin);
  if (page.protocol !== "http:" && page.protocol !== "https:") return false;
  const asked = URL.canParse(`${page.protocol}//${host}`) ? new URL(`${page.protocol}//${host}`) : undefined;
  return asked !== undefined && asked.host === page.host;
}
