import { context, ROOT_CONTEXT, SpanKind, trace, type Context } from '@opentelemetry/api';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { inSpan, tracingInstalled } from '../telemetry/tracing';

/**
 * The webhook path's spans: the request (a SERVER span, the root of the trace unless the sender propagated one),
 * the durable store inside it (its Postgres statements under it), and the context the processing kick continues
 * from (server/kicker.ts), so the batch workflow's start, its run and its activities join the request's trace.
 * With tracing off every function here is one check and a direct call: the ack path stays as cheap as it was.
 */
type Handler = (req: FastifyRequest<{ Params: { connector: string; '*': string } }>, reply: FastifyReply) => Promise<unknown>;

export function tracedWebhookRoute(handler: Handler): Handler {
  return (req, reply) => {
    if (!tracingInstalled()) return handler(req, reply);
    const { connector } = req.params;
    const attributes = { 'http.request.method': req.method, 'http.route': '/webhooks/:connector/*', 'fabric.connector': connector };
    return inSpan(
      `POST /webhooks/${connector}`,
      attributes,
      async (span) => {
        const out = await handler(req, reply);
        span?.setAttribute('http.response.status_code', reply.statusCode);
        return out;
      },
      SpanKind.SERVER,
    );
  };
}

/** The durable store of a request's events: a child of the request's span, when there is one. */
export function storeSpan<T>(events: number, fn: () => Promise<T>): Promise<T> {
  return inSpan('webhook.store', { 'fabric.events': events }, () => fn());
}

/** The current trace context when a span is active (a traced request storing events), for a later kick. */
export function activeTraceContext(): Context | undefined {
  return trace.getActiveSpan() ? context.active() : undefined;
}

/**
 * Runs fn in a saved trace context (the request that stored a config's first waiting event). Without one (a swept
 * config) it runs outside any trace: the timer it runs from may carry another request's context.
 */
export function withTraceContext<T>(ctx: Context | undefined, fn: () => Promise<T>): Promise<T> {
  if (ctx) return context.with(ctx, fn);
  return trace.getActiveSpan() ? context.with(ROOT_CONTEXT, fn) : fn();
}
