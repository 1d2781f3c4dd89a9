import { z } from 'zod';
import { asCaller } from '../context';
import { decodeCursor, encodeCursor } from '../cursor';
import { defineTool } from '../tool-kit';

export const listAvailableConnectors = defineTool({
  name: 'list_available_connectors',
  kind: 'read',
  description:
    'List the connectors this Connectivity Fabric can use (e.g. stripe, hubspot): name, version, capabilities ' +
    '(read, write, webhooks, ...) and the canonical models each one handles (customer, invoice, ...). ' +
    'Use it to learn what can be synced or pushed before looking at configs.',
  input: z.object({}).strict(),
  async run(ctx) {
    const connectors = ctx.connectors().map((c) => ({
      name: c.name,
      version: c.version,
      description: c.description ?? null,
      capabilities: [...c.capabilities],
      models: [...c.models],
    }));
    return { connectors };
  },
});

interface ConfigRow {
  id: string;
  name: string;
  connector: string;
  active: boolean;
  lastSync: { status: string; mode: string; started_at: string; finished_at: string | null; counts: unknown } | null;
}

export const listConfigs = defineTool({
  name: 'list_configs',
  kind: 'read',
  description:
    "List the caller's connector configs (one per connected account): id, name, connector, whether it is active, " +
    'and its last sync (status, mode, times, record counts). Pass a config id from here to the other tools. ' +
    'Never returns credentials.',
  input: z
    .object({
      connector: z.string().min(1).max(64).optional().describe('only configs of this connector, e.g. "stripe"'),
      limit: z.number().int().min(1).max(100).default(50).describe('at most this many configs (1-100)'),
      cursor: z.string().max(200).optional().describe('next_cursor from the previous call, to read on'),
    })
    .strict(),
  async run(ctx, input) {
    const rows = await asCaller(ctx, (tx) =>
      tx.query<ConfigRow>(
        `select c.id, c.name, c.connector, c.is_active as active,
                (select jsonb_build_object('status', r.status, 'mode', r.mode, 'started_at', r.started_at,
                        'finished_at', r.finished_at, 'counts', r.counts)
                 from public.sync_runs r where r.config_id = c.id order by r.started_at desc, r.id desc limit 1)
                  as "lastSync"
         from public.connector_configs c
         where ($1::text is null or c.connector = $1) and ($2::uuid is null or c.id > $2::uuid)
         order by c.id limit $3`,
        [input.connector ?? null, decodeCursor(input.cursor, ['after'], (c) => z.uuid().safeParse(c.after).success)?.after ?? null, input.limit + 1],
      ),
    );
    const page = rows.rows.slice(0, input.limit);
    const more = rows.rows.length > input.limit;
    return {
      configs: page.map((r) => ({ id: r.id, name: r.name, connector: r.connector, active: r.active, last_sync: r.lastSync })),
      next_cursor: more ? encodeCursor({ after: page.at(-1)!.id }) : null,
    };
  },
});
