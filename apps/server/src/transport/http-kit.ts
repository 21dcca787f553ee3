import { ErrorCode, MockloopError, participantTokenSchema } from "@mockloop/protocol";
import type { FastifyReply, FastifyRequest } from "fastify";

/** JSON as data; asked for explicitly with `?format=json`, it comes as a download like the Markdown one. */
export function sendJson(request: FastifyRequest, reply: FastifyReply, filename: string, body: unknown) {
  const query = request.query as Record<string, unknown>;
  if (query.format === "json") reply.header("content-disposition", `attachment; filename="${filename}"`);
  return reply.send(body);
}

export function sendMarkdown(reply: FastifyReply, filename: string, markdown: string) {
  return reply
    .type("text/markdown; charset=utf-8")
    .header("content-disposition", `attachment; filename="${filename}"`)
    .send(markdown);
}

/** The participant token sent as `Authorization: Bearer <token>`. */
export function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization ?? "";
  const match = /^Bearer (.+)$/.exec(header);
  const parsed = participantTokenSchema.safeParse(match?.[1]);
  if (!parsed.success) throw new MockloopError(ErrorCode.InvalidToken, "send your participant token as 'Authorization: Bearer <token>'");
  return parsed.data;
}

/** Where invite links point: PUBLIC_URL when set, else the host the request came to. */
export function baseUrl(request: FastifyRequest, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, "");
  return `${request.protocol}://${request.host}`;
}
