import { request as httpRequest } from "node:http";
import { createRoomResponseSchema } from "@mockloop/protocol";
import type { RoomClient } from "@mockloop/protocol/client";
import { afterEach, describe, expect, it } from "vitest";
import type { RunningServer } from "../../src/index.ts";
import { startTestServer, tryConnect } from "@mockloop/test-support";

/** Requests that claim to come from elsewhere: forwarded headers that rename the host, sockets opened from someone else's page. */

describe("invite links and forwarded headers", () => {
  const servers: RunningServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  const start = async (env: Record<string, string> = {}) => {
    const server = await startTestServer({ env });
    servers.push(server);
    return server;
  };
  const createWithForwardedHost = async (server: RunningServer) => {
    const response = await fetch(`${server.url}/api/rooms`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-host": "phish.example", "x-forwarded-proto": "https" },
      body: JSON.stringify({ trackId: "amazon-tpm", stageId: "recruiter-screen" }),
    });
    expect(response.status).toBe(201);
    return new URL(createRoomResponseSchema.parse(await response.json()).inviteUrl);
  };

  it("ignores X-Forwarded-Host and X-Forwarded-Proto unless TRUST_PROXY says a proxy sets them", async () => {
    const direct = await start();
    const link = await createWithForwardedHost(direct);
    expect(link.origin).toBe(new URL(direct.url).origin);
  });

  it("builds the link from the forwarded headers behind a trusted proxy", async () => {
    const proxied = await start({ TRUST_PROXY: "loopback" });
    expect((await createWithForwardedHost(proxied)).origin).toBe("https://phish.example");
  });

  it("always uses PUBLIC_URL when it is set", async () => {
    const configured = await start({ TRUST_PROXY: "true", PUBLIC_URL: "https://mock.example.com" });
    expect((await createWithForwardedHost(configured)).origin).toBe("https://mock.example.com");
  });
});

/** A raw Socket.IO handshake (long-polling, so the refusal's body is readable) from a page at `origin`. */
function handshake(serverUrl: string, origin: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${serverUrl}/socket.io/?EIO=4&transport=polling`, { headers: { origin } }, (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString()));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on("error", reject);
    request.end();
  });
}

describe("which pages may open a socket", () => {
  const servers: RunningServer[] = [];
  const clients: RoomClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  const start = async (env: Record<string, string> = {}) => {
    const server = await startTestServer({ env });
    servers.push(server);
    return server;
  };
  const connectFrom = async (server: RunningServer, origin?: string) => {
    const outcome = await tryConnect(server.url, origin ? { extraHeaders: { origin } } : {});
    if (outcome.connected) clients.push(outcome.client);
    return outcome;
  };

  it("refuses a page on another site, and says why", async () => {
    const server = await start();
    expect((await connectFrom(server, "https://evil.example")).connected).toBe(false);
    const refused = await handshake(server.url, "https://evil.example");
    expect(refused.status).toBe(403);
    expect(refused.body).toContain("https://evil.example");
    expect(refused.body).toMatch(/not allowed/);
  });

  it("accepts the server's own page, and clients that send no Origin (not browsers)", async () => {
    const server = await start();
    expect((await connectFrom(server, server.url)).connected).toBe(true);
    expect((await connectFrom(server)).connected).toBe(true);
    expect((await handshake(server.url, server.url)).status).toBe(200);
  });

  it("with PUBLIC_URL or ALLOWED_ORIGINS set, accepts exactly those origins", async () => {
    const server = await start({ PUBLIC_URL: "https://mock.example.com", ALLOWED_ORIGINS: "https://practice.example.org, http://localhost:5173" });
    for (const origin of ["https://mock.example.com", "https://practice.example.org", "http://localhost:5173"]) {
      expect((await connectFrom(server, origin)).connected, origin).toBe(true);
    }
    for (const origin of [server.url, "https://mock.example.com.evil.example", "http://mock.example.com", "null"]) {
      expect((await connectFrom(server, origin)).connected, origin).toBe(false);
    }
    expect((await connectFrom(server)).connected).toBe(true);
  });
});
