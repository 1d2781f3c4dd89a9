import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Payload, PayloadCodec } from '@temporalio/common';

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

/**
 * The codec server the Temporal Web UI calls (`--ui-codec-endpoint <base>/codec`) to show encrypted payloads in the
 * clear: POST /codec/decode and /codec/encode with `{ payloads: [...] }`, CORS limited to the UI's origin.
 */
export function registerCodecRoutes(app: FastifyInstance, codec: PayloadCodec, uiOrigin: string): void {
  const cors = (reply: FastifyReply) =>
    reply
      .header('access-control-allow-origin', uiOrigin)
      .header('access-control-allow-methods', 'POST, OPTIONS')
      .header('access-control-allow-headers', 'content-type, x-namespace, authorization')
      .header('access-control-allow-credentials', 'true');
  for (const action of ['decode', 'encode'] as const) {
    app.options(`/codec/${action}`, async (_req, reply) => cors(reply).code(204).send());
    app.post(`/codec/${action}`, async (req, reply) => {
      cors(reply);
      let body: { payloads?: JsonPayload[] };
      try {
        body = JSON.parse(Buffer.isBuffer(req.body) ? req.body.toString('utf8') : String(req.body ?? '')) as typeof body;
      } catch {
        return reply.code(400).send({ error: 'bad_request', message: 'body must be JSON: { "payloads": [ { "metadata": {...}, "data": "<base64>" } ] }' });
      }
      if (!Array.isArray(body.payloads)) return reply.code(400).send({ error: 'bad_request', message: 'payloads: must be an array' });
      try {
        const out = await codec[action](body.payloads.map(toPayload));
        return reply.send({ payloads: out.map(toJson) });
      } catch (err) {
        return reply.code(400).send({ error: 'codec_failed', message: (err as Error).message });
      }
    });
  }
}
