import type { IncomingMessage } from "node:http";
import proxyAddr from "@fastify/proxy-addr";
import { normalizeIP } from "@fastify/rate-limit";

/** Whether the peer at `address`, `hop` steps from us, is a proxy whose X-Forwarded-* headers we believe. */
export type TrustProxy = (address: string, hop: number) => boolean;

/** TRUST_PROXY as a function; Fastify (HTTP) and the socket guards use the same one. */
export function trustProxy(setting: boolean | readonly string[]): TrustProxy {
  if (setting === true) return () => true;
  if (setting === false) return () => false;
  return proxyAddr.compile([...setting]);
}

/** Who sent a request: the peer, or behind trusted proxies the client they forwarded it for. */
export function clientAddress(request: IncomingMessage, trust: TrustProxy): string {
  return proxyAddr(request, trust);
}

/**
 * What per-address limits count by: an IPv4 address, or an IPv6 address's /64 (what one subscriber is handed,
 * so rotating within it buys nothing). The same as @fastify/rate-limit's own key, so HTTP and sockets agree.
 */
export function addressKey(address: string): string {
  return normalizeIP(address, 64);
}

/** The host (and port) a request asked for: the Host header, or behind a trusted proxy the forwarded host. */
export function requestedHost(request: IncomingMessage, trust: TrustProxy): string | undefined {
  const forwarded = request.headers["x-forwarded-host"];
  const peer = request.socket.remoteAddress;
  if (forwarded && peer && trust(peer, 0)) {
    const last = (Array.isArray(forwarded) ? forwarded.join(",") : forwarded).split(",").at(-1)?.trim();
    if (last) return last;
  }
  return request.headers.host;
}
