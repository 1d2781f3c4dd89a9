import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import type { CliContext } from '../context';
import { CredentialManager } from '../../store/credentials';
import { WebhookEndpointStore } from '../../store/webhook-endpoint-store';
import { webhookWorkflow, webhookWorkflowId } from '../../workflows/webhook';

async function endpointStore(ctx: CliContext): Promise<WebhookEndpointStore> {
  return new WebhookEndpointStore(await ctx.db(), CredentialManager.fromEnv(ctx.env));
}

function baseUrl(ctx: CliContext): string {
  const env = ctx.env;
  return env.PUBLIC_BASE_URL ?? `http://${env.HTTP_HOST}:${env.HTTP_PORT}`;
}

const newSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

export function register(program: Command, ctx: CliContext): void {
  const hooks = program.command('webhooks').description('inbound webhook endpoints: create, list, rotate secrets, replay events');

  hooks
    .command('create <configId>')
    .description('create an endpoint for a connector config; prints its URL and signing secret (shown once)')
    .option('--path <path>', 'the URL path segment (8-128 of A-Z a-z 0-9 _ -); random when omitted')
    .option('--secret <secret>', "the sender's signing secret (e.g. Stripe's whsec_…); generated when omitted")
    .option('--events <types>', 'comma-separated event types to take (exact or prefix.*); others are stored as ignored', '*')
    .action(async (configId: string, o: { path?: string; secret?: string; events: string }) => {
      if (o.path !== undefined && !/^[A-Za-z0-9_-]{8,128}$/.test(o.path)) {
        throw new Error(`--path "${o.path}": must be 8-128 characters of A-Z a-z 0-9 _ -; e.g. --path stripe-prod-events`);
      }
      const secret = o.secret ?? newSecret();
      const eventTypes = o.events
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);
      if (eventTypes.length === 0) throw new Error('--events: name at least one type, e.g. --events customer.updated,invoice.*');
      const hook = await (await endpointStore(ctx)).create({ configId, secret, endpointPath: o.path, eventTypes, actor: 'cli' });
      const url = `${baseUrl(ctx)}/webhooks/${hook.connector}/${hook.endpointPath}`;
      ctx.print(
        `webhook ${hook.id} for ${hook.connector} config ${configId}\nURL:    ${url}\nsecret: ${secret}\n(the secret is shown only now; set it at the sender)`,
        { ...hook, url, secret },
      );
    });

  hooks
    .command('list')
    .description('list webhook endpoints (no secrets)')
    .option('--config <configId>', 'only this config')
    .action(async (o: { config?: string }) => {
      const list = await (await endpointStore(ctx)).list(o.config ? { configId: o.config } : {});
      const rows = list.map((h) => ({ ...h, url: `${baseUrl(ctx)}/webhooks/${h.connector}/${h.endpointPath}` }));
      ctx.print(
        () => (rows.length === 0 ? 'no webhook endpoints' : rows.map((h) => `${h.id}  ${h.isActive ? 'active  ' : 'inactive'}  ${h.url}`).join('\n')),
        rows,
      );
    });

  hooks
    .command('rotate-secret <id>')
    .description('replace the signing secret; the previous one stays accepted for the grace period')
    .option('--secret <secret>', 'the new secret; generated when omitted')
    .option('--grace-seconds <n>', 'how long the previous secret stays valid', '86400')
    .action(async (id: string, o: { secret?: string; graceSeconds: string }) => {
      const graceSeconds = Number(o.graceSeconds);
      if (!Number.isInteger(graceSeconds) || graceSeconds < 0)
        throw new Error(`--grace-seconds "${o.graceSeconds}": must be a whole number of seconds, e.g. 3600`);
      const secret = o.secret ?? newSecret();
      await (await endpointStore(ctx)).rotateSecret({ id, newSecret: secret, graceSeconds, actor: 'cli' });
      ctx.print(`rotated webhook ${id}; new secret: ${secret}\nthe previous secret is accepted for ${graceSeconds} s more`, { id, secret, graceSeconds });
    });

  hooks
    .command('replay <eventId>')
    .description('apply one stored event again (e.g. after fixing what made it fail), as workflow webhook-event:<row id>')
    .option('--connector <name>', 'only events of this connector')
    .option('--config <configId>', 'only events of this connector config (event ids are unique only per endpoint)')
    .action(async (eventId: string, o: { connector?: string; config?: string }) => {
      const db = await ctx.db();
      const res = await db.query<{ id: string; connector: string; config_id: string | null }>(
        `select id, connector, config_id from public.webhook_events
          where event_id = $1 and ($2::text is null or connector = $2) and ($3::uuid is null or config_id = $3)`,
        [eventId, o.connector ?? null, o.config ?? null],
      );
      if (res.rows.length === 0)
        throw new Error(
          `eventId "${eventId}": no stored event${o.connector ? ` for ${o.connector}` : ''}${o.config ? ` of config ${o.config}` : ''}; check the id`,
        );
      if (res.rows.length > 1) {
        const where = res.rows.map((r) => `${r.connector} config ${r.config_id ?? '(none)'}`).join(', ');
        throw new Error(`eventId "${eventId}": stored ${res.rows.length} times (${where}); pass --config <configId>`);
      }
      const row = res.rows[0]!;
      const workflowId = webhookWorkflowId(row.id);
      const args = [{ id: row.id, connector: row.connector, configId: row.config_id }] as const;
      const handle = await (await ctx.temporal()).workflow.start(webhookWorkflow, { workflowId, taskQueue: ctx.target.taskQueue, args: [...args] });
      const result = await handle.result();
      const human = `replayed ${row.connector} event ${eventId} as workflow ${workflowId} (run ${handle.firstExecutionRunId}): ${result.status}${result.error ? ` (${result.error})` : ''}`;
      ctx.print(human, { workflowId, runId: handle.firstExecutionRunId, ...result });
    });
}
