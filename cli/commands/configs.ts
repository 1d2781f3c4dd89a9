import { userInfo } from 'node:os';
import type { Command } from 'commander';
import type { CliContext } from '../context';
import { CredentialManager } from '../../store/credentials';
import { ConfigStore } from '../../store/config-store';
import { upsertConnector } from '../../store/connectors';
import { WebhookEndpointStore } from '../../store/webhook-endpoint-store';
import { getPauseState } from '../../store/circuit';
import { getLatestSyncRun } from '../../store/sync-runs';
import { registerResume } from '../configs-resume';
import { knownAdapters } from './connectors';

const collect = (value: string, previous: string[]) => [...previous, value];
const actor = () => `cli:${userInfo().username}`;

/** `key=value` pairs; a.b=c nests. Values that read as JSON numbers, booleans, null, arrays or objects are parsed. */
export function parsePairs(pairs: string[], flag: string, parseValues: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [i, pair] of pairs.entries()) {
    const eq = pair.indexOf('=');
    // the text itself is not echoed: a --secret missing its key= would be the secret
    if (eq <= 0) throw new Error(`${flag} #${i + 1}: expected key=value, e.g. ${flag} api_key=...`);
    const path = pair.slice(0, eq).split('.');
    const raw = pair.slice(eq + 1);
    let value: unknown = raw;
    if (parseValues && /^(-?\d+(\.\d+)?|true|false|null|\[.*\]|\{.*\})$/s.test(raw)) {
      try {
        value = JSON.parse(raw);
      } catch {
        value = raw;
      }
    }
    let node = out;
    for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
    node[path[path.length - 1]!] = value;
  }
  return out;
}

function configStoreFor(ctx: CliContext, db: Parameters<typeof getLatestSyncRun>[0], usesKey = false): ConfigStore {
  const { adapters } = knownAdapters();
  const byName = new Map(adapters.map((a) => [a.name, a]));
  return new ConfigStore(db, {
    credentials: CredentialManager.fromEnv(ctx.env, usesKey ? (line) => ctx.io.err(line) : () => undefined),
    configSchemaFor: adapters.length ? (name) => byName.get(name)?.configSchema : undefined,
  });
}

export function register(program: Command, ctx: CliContext): void {
  const configs = program.command('configs').description("connector configs: a user's settings and encrypted credentials for one connector");

  configs
    .command('create <connector>')
    .description("create a config (validated by the connector's schema); prints its ID")
    .requiredOption('--name <name>', 'a name unique per user and connector')
    .requiredOption('--user <uuid>', "the owner's user id (auth.users)")
    .option('--set <key=value>', 'a config field (repeatable; a.b=c nests; numbers and booleans are parsed)', collect, [])
    .option('--secret <key=value>', 'a credential, stored encrypted (repeatable)', collect, [])
    .action(async (connector: string, o: { name: string; user: string; set: string[]; secret: string[] }) => {
      const db = await ctx.db();
      const store = configStoreFor(ctx, db, true);
      const adapter = knownAdapters().adapters.find((a) => a.name === connector);
      if (adapter)
        await upsertConnector(db, { name: adapter.name, version: adapter.version, description: adapter.description, capabilities: adapter.capabilities });
      const created = await store.createConfig({
        connector,
        userId: o.user,
        name: o.name,
        config: parsePairs(o.set, '--set', true),
        secrets: parsePairs(o.secret, '--secret', false) as Record<string, string>,
        actor: actor(),
      });
      ctx.print(created.id, created);
    });

  configs
    .command('list')
    .description('list configs')
    .option('--user <uuid>', "only this user's")
    .option('--connector <name>', "only this connector's")
    .action(async (o: { user?: string; connector?: string }) => {
      const rows = await configStoreFor(ctx, await ctx.db()).listConfigs({ userId: o.user, connector: o.connector });
      ctx.print(
        () =>
          rows.map((c) => `${c.id}  ${c.connector.padEnd(10)} ${c.name.padEnd(20)} user ${c.userId}${c.isActive ? '' : ' (inactive)'}`).join('\n') ||
          'no configs',
        { configs: rows },
      );
    });

  configs
    .command('show <configId>')
    .description('show a config, its credential names (never values), webhooks and latest sync run')
    .action(async (configId: string) => {
      const db = await ctx.db();
      const config = await configStoreFor(ctx, db).getConfig(configId, actor());
      const creds = await db.query<{ name: string; credential_type: string; key_id: string; expires_at: string | null }>(
        `select name, credential_type, key_id, expires_at::text from public.connector_credentials where config_id = $1 order by name`,
        [configId],
      );
      const webhooks = await new WebhookEndpointStore(
        db,
        CredentialManager.fromEnv(ctx.env, () => undefined),
      ).list({ configId });
      const lastSync = (await getLatestSyncRun(db, configId)) ?? null;
      const pause = await getPauseState(db, configId);
      const credentials = creds.rows.map((c) => ({ name: c.name, type: c.credential_type, keyId: c.key_id, expiresAt: c.expires_at }));
      ctx.print(
        () =>
          [
            `${config.id}  ${config.connector} "${config.name}" user ${config.userId}${config.isActive ? '' : ' (inactive)'}`,
            `config: ${JSON.stringify(config.config)}`,
            `credentials: ${credentials.map((c) => `${c.name} (${c.type}, key ${c.keyId}${c.expiresAt ? `, expires ${c.expiresAt}` : ''})`).join(', ') || 'none'}`,
            `webhooks: ${webhooks.map((w) => `/webhooks/${w.connector}/${w.endpointPath}${w.isActive ? '' : ' (inactive)'}`).join(', ') || 'none'}`,
            `last sync: ${lastSync ? `${lastSync.status} ${lastSync.mode} started ${lastSync.startedAt}` : 'never'}`,
            ...(pause?.paused ? [`PAUSED since ${pause.pausedAt}: ${pause.reason}`] : []),
          ].join('\n'),
        { ...config, credentials, webhooks, lastSync, pause },
      );
    });

  const parseSecrets = (pairs: string[]) => parsePairs(pairs, '--secret', false) as Record<string, string>;
  registerResume(configs, ctx, (db) => configStoreFor(ctx, db, true), parseSecrets);

  configs
    .command('delete <configId>')
    .description('delete a config with its credentials, webhooks, records and sync history')
    .action(async (configId: string) => {
      await configStoreFor(ctx, await ctx.db()).deleteConfig(configId, actor());
      ctx.print(`deleted ${configId}`, { deleted: configId });
    });
}
