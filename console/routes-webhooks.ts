import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { WebhookEndpointStore } from '../store/webhook-endpoint-store';
import { webhookWorkflow, webhookWorkflowId } from '../workflows/webhook';
import { configForUser, listConfigs, webhooksOverview } from './data';
import { html } from './html';
import { page } from './layout';
import { withDeadline } from './live';
import { endpointUrl, secretOnce, webhooksPage, type WebhooksPageInput } from './pages/webhooks-page';
import { newWebhookSecret, rotateEndpointSecret, visibleEvent } from './writes';
import type { ConsoleDeps } from './types';

type Form = Record<string, string | undefined>;
type Extra = Pick<WebhooksPageInput, 'top' | 'errors' | 'form'>;
const PATH = /^[A-Za-z0-9_-]{8,128}$/;

const sendPage = (reply: FastifyReply, status: number, p: { text: string }) => reply.code(status).type('text/html; charset=utf-8').send(p.text);

export function registerWebhookRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  const baseUrl = (req: FastifyRequest) => (deps.publicBaseUrl ?? `${req.protocol}://${req.host}`).replace(/\/$/, '');
  const overview = async (req: FastifyRequest, extra: Extra = {}) => {
    const session = req.consoleSession!;
    const [{ endpoints, events }, configs] = await Promise.all([webhooksOverview(deps.db, session.user), listConfigs(deps.db, session.user)]);
    const body = webhooksPage({ session, baseUrl: baseUrl(req), endpoints, events, configs, ...extra });
    return page({ title: 'Webhooks', session, body });
  };

  app.get('/webhooks', async (req, reply) => sendPage(reply, 200, await overview(req)));

  app.post<{ Body: Form }>('/webhooks/new', async (req, reply) => {
    const session = req.consoleSession!;
    const path = req.body.path?.trim() || undefined;
    if (path && !PATH.test(path)) {
      const errors = { path: 'path: 8-128 of A-Z a-z 0-9 _ -, e.g. stripe-prod-events' };
      return sendPage(reply, 400, await overview(req, { errors, form: req.body }));
    }
    const config = await configForUser(deps.db, session.user, req.body.configId ?? '');
    const secret = newWebhookSecret();
    let hook;
    try {
      const actor = `console:${session.user.label}`;
      const input = { configId: config.id, secret, endpointPath: path, actor };
      hook = await new WebhookEndpointStore(deps.db, deps.credentials).create(input);
    } catch (err) {
      if ((err as { code?: string }).code !== '23505') throw err;
      const errors = { path: `path: "${path}" is taken for ${config.connector}; choose another` };
      return sendPage(reply, 400, await overview(req, { errors, form: req.body }));
    }
    return sendPage(reply, 201, await overview(req, { top: secretOnce(endpointUrl(baseUrl(req), hook), secret) }));
  });

  app.post<{ Params: { id: string } }>('/webhooks/:id/rotate', async (req, reply) => {
    const session = req.consoleSession!;
    const secret = await rotateEndpointSecret(deps.db, deps.credentials, session.user, req.params.id, 24 * 3600);
    const { endpoints } = await webhooksOverview(deps.db, session.user);
    const hook = endpoints.find((w) => w.id === req.params.id)!;
    return sendPage(reply, 200, await overview(req, { top: secretOnce(endpointUrl(baseUrl(req), hook), secret) }));
  });

  app.post<{ Params: { id: string } }>('/webhooks/events/:id/replay', async (req, reply) => {
    const session = req.consoleSession!;
    const event = await visibleEvent(deps.db, session.user, req.params.id);
    const workflowId = webhookWorkflowId(event.id);
    const { client, taskQueue } = deps.temporal;
    let note: string;
    try {
      const args = [{ id: event.id, connector: event.connector, configId: event.configId }] as const;
      await withDeadline(deps, () => client.workflow.start(webhookWorkflow, { workflowId, taskQueue, args: [...args] }));
      note = `Replay started as workflow ${workflowId}.`;
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      note = `A replay of this event is already running (${workflowId}).`;
    }
    const top = html`<div class="banner banner-flash" role="status">${note}</div>`;
    return sendPage(reply, 202, await overview(req, { top }));
  });
}
