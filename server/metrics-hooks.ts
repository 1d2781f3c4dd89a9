import type { FastifyInstance } from 'fastify';
import { metrics } from '../telemetry/metrics';

/** Webhook ack latency and answers per connector, measured by Fastify from arrival to the answer being sent. */
export function observeWebhookAnswers(app: FastifyInstance): void {
  app.addHook('onResponse', async (req, reply) => {
    const connector = (req.params as { connector?: string } | undefined)?.connector;
    if (!connector || !req.routeOptions.url?.startsWith('/webhooks/')) return;
    metrics.webhookAnswered(connector, reply.statusCode, reply.elapsedTime);
  });
}
