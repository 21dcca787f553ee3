import { createHmac } from "node:crypto";
import type { IceConfig } from "@mockloop/protocol";
import type { Config } from "../../config.ts";

/** The call's NAT traversal, from the server's configuration. */
export interface IceSettings {
  stunUrls: readonly string[];
  turnUrls: readonly string[];
  /** Shared with coturn (`use-auth-secret`, `static-auth-secret`); required with TURN URLs. */
  turnSecret: string | undefined;
  turnTtlSeconds: number;
  iceTransportPolicy: IceConfig["iceTransportPolicy"];
}

export interface TurnCredential {
  username: string;
  credential: string;
  /** When it stops working (ms since the epoch). */
  expiresAt: number;
}

/**
 * A TURN REST credential: the username is `expiry:participantId` (expiry in Unix seconds) and the password the
 * base64 HMAC-SHA1 of that username under the secret coturn shares. coturn recomputes it and refuses it once
 * the expiry has passed, so nothing is stored on either side.
 */
export function turnCredential({ secret, participantId, ttlSeconds, nowMs }: { secret: string; participantId: string; ttlSeconds: number; nowMs: number }): TurnCredential {
  const expiry = Math.floor(nowMs / 1000) + ttlSeconds;
  const username = `${expiry}:${participantId}`;
  const credential = createHmac("sha1", secret).update(username).digest("base64");
  return { username, credential, expiresAt: expiry * 1000 };
}

/** What one participant's browser gets for its peer connections. */
export function iceConfigFor(settings: IceSettings, participantId: string, nowMs: number): IceConfig {
  const iceServers: IceConfig["iceServers"] = [];
  if (settings.stunUrls.length > 0) iceServers.push({ urls: [...settings.stunUrls] });
  if (settings.turnUrls.length === 0 || !settings.turnSecret) {
    return { iceServers, iceTransportPolicy: settings.iceTransportPolicy, expiresAt: null };
  }
  const { username, credential, expiresAt } = turnCredential({
    secret: settings.turnSecret,
    participantId,
    ttlSeconds: settings.turnTtlSeconds,
    nowMs,
  });
  iceServers.push({ urls: [...settings.turnUrls], username, credential });
  return { iceServers, iceTransportPolicy: settings.iceTransportPolicy, expiresAt };
}

/** The ICE settings out of the server's configuration. */
export function iceSettingsFrom(config: Pick<Config, "STUN_URLS" | "TURN_URLS" | "TURN_SECRET" | "TURN_TTL_SECONDS" | "ICE_TRANSPORT_POLICY">): IceSettings {
  return {
    stunUrls: config.STUN_URLS,
    turnUrls: config.TURN_URLS,
    turnSecret: config.TURN_SECRET,
    turnTtlSeconds: config.TURN_TTL_SECONDS,
    iceTransportPolicy: config.ICE_TRANSPORT_POLICY,
  };
}
