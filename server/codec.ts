import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { bearerFrom, type CodecAuthenticator } from './codec-auth';

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

const toPayload = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});

const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

export interface CodecServerOptions {
  codec: PayloadCodec;
  auth: CodecAuthenticator;
  /** Origins of the Temporal Web UI; CORS headers are sent to these and no others. */
  uiOrigins: readonly string[];
  /** Payloads are at most 2 MB each in Temporal; a UI page decodes a handful at once. */
  bodyLimit?: number;
}

const ACTIONS = new Set(['decode', 'encode']);

/**
 * The codec server the Temporal Web UI and CLI call to show encrypted payloads in the clear, on its own listener
 * (never the public webhook one). Every request is authenticated: `Authorization: Bearer <FABRIC_CODEC_TOKEN>`, an
 * access token the UI forwards (server/codec-auth.ts), or the token as a path segment `/codec/<token>/decode` for the
 * dev server's UI, which cannot send headers (docs/OPERATIONS.md). Anything else gets a 401 JSON body, no payloads.
 */
export function buildCodecApp(o: CodecServerOptions): FastifyInstance {
  const app = Fastify({ bodyLimit: o.bodyLimit ?? 8 * 1024 * 1024, logger: false, return503OnClosing: true });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  const refuse = (reply: FastifyReply, message: string) =>
    reply.code(401).header('www-authenticate', 'Bearer realm="codec"').send({ error: 'unauthorized', message });
  const cors = (req: FastifyRequest, reply: FastifyReply) => {
    const origin = req.headers.origin;
    reply.header('vary', 'Origin');
    if (!origin || !o.uiOrigins.includes(origin)) return false;
    reply
      .header('access-control-allow-origin', origin)
      .header('access-control-allow-methods', 'POST, OPTIONS')
      .header('access-control-allow-headers', 'content-type, x-namespace, authorization, authorization-extras')
      .header('access-control-allow-credentials', 'true')
      .header('access-control-max-age', '600');
    return true;
  };
  app.setErrorHandler((err: { statusCode?: number; message: string }, _req, reply) => {
    const status = err.statusCode === 413 ? 413 : 400;
    return reply.code(status).send({ error: status === 413 ? 'payload_too_large' : 'bad_request', message: err.message });
  });
  app.setNotFoundHandler((_req, reply) => refuse(reply, 'this listener serves only POST /codec/decode and /codec/encode'));

  app.options('/codec/*', async (req, reply) => {
    if (!cors(req, reply)) return refuse(reply, 'origin not allowed; the codec server answers the Temporal Web UI only');
    return reply.code(204).send();
  });
  app.post('/codec/*', async (req, reply) => {
    const parts = (req.params as { '*': string })['*'].split('/');
    const action = parts.at(-1)!;
    if (!ACTIONS.has(action) || parts.length > 2) return refuse(reply, 'this listener serves only POST /codec/decode and /codec/encode');
    cors(req, reply);
    const verdict = await o.auth.check({ bearer: bearerFrom(req.headers.authorization), pathToken: parts.length === 2 ? parts[0] : undefined });
    if (!verdict.ok) return refuse(reply, verdict.reason);
    let body: { payloads?: JsonPayload[] };
    try {
      body = JSON.parse(Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '') as typeof body;
    } catch {
      return reply.code(400).send({ error: 'bad_request', message: 'body must be JSON: { "payloads": [ { "metadata": {...}, "data": "<base64>" } ] }' });
    }
    const payloads = body?.payloads ?? []; // the temporal CLI sends { "payloads": null } for a query without arguments
    if (!Array.isArray(payloads)) return reply.code(400).send({ error: 'bad_request', message: 'payloads: must be an array' });
    try {
      const out = await o.codec[action as 'decode' | 'encode'](payloads.map(toPayload));
      return reply.send({ payloads: out.map(toJson) });
    } catch (err) {
      return reply.code(400).send({ error: 'codec_failed', message: (err as Error).message });
    }
  });
  return app;
}

export interface RunningCodecServer {
  url: string;
  close(): Promise<void>;
}

export async function startCodecServer(o: CodecServerOptions & { host: string; port: number }): Promise<RunningCodecServer> {
  if (!o.auth.configured) {
    throw new Error('codec server: no authentication configured; set FABRIC_CODEC_TOKEN (or FABRIC_CODEC_JWKS_URL / FABRIC_CODEC_JWT_SECRET)');
  }
  const app = buildCodecApp(o);
  const url = await app.listen({ host: o.host, port: o.port });
  return { url, close: () => app.close() };
}
