import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { registerMcpRoutes } from '../agents/mcp-http';
import { EventWriter } from './event-writer';
import { getWebhookModule } from '../adapters/core/catalogue';
import { observeWebhookAnswers } from './metrics-hooks';
import { routeEvents } from './route-events';
import { storeSpan, tracedWebhookRoute } from './webhook-spans';
import { componentLogger, errFields, throttledLog } from '../telemetry/logger';
import { DEFAULT_LIMITS, type ServerDeps, type ServerLimits } from './types';

export interface WebhookApp {
  app: FastifyInstance;
  writer: EventWriter;
}

function fail(reply: FastifyReply, status: number, error: string, message: string): FastifyReply {
  return reply.code(status).send({ error, message });
}

const PATH_RE = /^[A-Za-z0-9_-]{1,128}$/;
const log = componentLogger('server');

/**
 * The HTTP app: POST /webhooks/:connector/<path>, /healthz and /readyz. Every answer is JSON; bad input gets a 4xx,
 * never a 5xx. onStored is told which connector configs have new events, so processing can start.
 */
export function buildApp(deps: ServerDeps, limits: ServerLimits = DEFAULT_LIMITS, onStored?: (configIds: Set<string>) => void): WebhookApp {
  const app = Fastify({ bodyLimit: limits.bodyLimit, logger: false, return503OnClosing: true });
  const writer = new EventWriter(deps.db, { maxConcurrentWrites: 4, maxBatch: 1000, onStored });

  // Signatures are computed over the exact bytes sent, so every content type is read raw and parsed later.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  const storeFailed = throttledLog(log, 'error', 1000); // a database outage under load must not flood the log
  app.setErrorHandler((err: { statusCode?: number; code?: string; message: string }, req, reply) => {
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return fail(reply, 413, 'payload_too_large', `body exceeds the ${limits.bodyLimit}-byte limit; send smaller events`);
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 503;
    if (status !== 503) return fail(reply, status, err.code ?? 'bad_request', err.message);
    storeFailed(
      { ...errFields(err), route: req.routeOptions.url, connector: (req.params as { connector?: string } | undefined)?.connector },
      `request failed with 503: ${err.message}`,
    );
    return fail(reply.header('retry-after', '1'), 503, 'unavailable', 'the event could not be stored durably; retry later');
  });
  app.setNotFoundHandler((req, reply) =>
    fail(reply, 404, 'not_found', `no route for ${req.method} ${req.url}; webhooks go to POST /webhooks/<connector>/<path>`),
  );

  if (deps.mcp && deps.temporal) registerMcpRoutes(app, { db: deps.db, temporal: deps.temporal.client, taskQueue: deps.temporal.taskQueue, ...deps.mcp });
  observeWebhookAnswers(app);
  for (const mount of deps.routes ?? []) mount(app);
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const checks: Record<string, string> = {};
    const timeout = <T>(p: Promise<T>) =>
      Promise.race([p, new Promise<never>((_, rej) => setTimeout(() => rej(new Error('timed out after 2 s')), 2000).unref())]);
    await timeout(deps.db.query('select 1')).then(
      () => (checks.database = 'ok'),
      (e: Error) => (checks.database = e.message),
    );
    if (deps.temporal) {
      const conn = deps.temporal.client.connection;
      await timeout(conn.withDeadline(Date.now() + 2000, () => conn.workflowService.getSystemInfo({}))).then(
        () => (checks.temporal = 'ok'),
        (e: Error) => (checks.temporal = e.message),
      );
    }
    const ready = Object.values(checks).every((v) => v === 'ok');
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks });
  });

  app.post<{ Params: { connector: string; '*': string } }>(
    '/webhooks/:connector/*',
    tracedWebhookRoute(async (req, reply) => {
      const { connector } = req.params;
      const path = req.params['*'];
      if (writer.pending > limits.maxPending)
        return fail(reply.header('retry-after', '1'), 429, 'overloaded', 'too many events are waiting to be stored; retry after a second');
      if (!PATH_RE.test(path)) return fail(reply, 404, 'unknown_endpoint', `no webhook endpoint ${connector}/${path}`);
      const module = getWebhookModule(connector);
      const endpoint = module ? await deps.endpoints.resolve(connector, path) : undefined;
      if (!module || !endpoint)
        return fail(reply, 404, 'unknown_endpoint', `no active webhook endpoint ${connector}/${path}; create one with \`fabric webhooks create\``);
      const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const url = `${deps.publicBaseUrl ?? `${req.protocol}://${req.host}`}${req.url}`;
      const verdict = module.scheme.verify({ rawBody, headers: req.headers, method: req.method, url, secrets: endpoint.secrets, nowMs: Date.now() });
      if (!verdict.ok) return fail(reply, 401, 'invalid_signature', verdict.reason);
      let payload: unknown;
      try {
        payload = JSON.parse(rawBody.toString('utf8'));
      } catch (err) {
        return fail(reply, 400, 'malformed_body', `body is not valid JSON (${(err as Error).message}); send the event as JSON`);
      }
      const handshake = module.handshake?.(payload, req.headers); // e.g. Slack's url_verification: answered, not stored
      if (handshake) return reply.code(handshake.status ?? 200).send(handshake.body);
      const extracted = module.extract(payload, req.headers);
      if (!extracted.ok) return fail(reply, 400, 'malformed_event', extracted.message);
      const text = rawBody.toString('utf8');
      if (text.includes('\u0000') || text.includes('\\u0000'))
        return fail(reply, 400, 'malformed_body', 'body contains a NUL character (\\u0000), which cannot be stored; remove it');
      if (extracted.events.length === 1 && extracted.events[0]!.payload === payload) extracted.events[0]!.wholeBody = true;
      const events = await routeEvents(module, endpoint, extracted.events, deps.endpoints);
      const stored = await storeSpan(events.length, () => writer.store({ endpoint, rawBody: text, events }));
      const ids = events.map((e) => e.eventId);
      return reply.code(200).send({ received: true, event_ids: ids, duplicates: ids.filter((_, i) => !stored[i]) });
    }),
  );

  return { app, writer };
}
