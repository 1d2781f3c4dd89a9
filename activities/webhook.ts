import { getWebhookModule } from '../adapters/core/catalogue';
import { componentLogger } from '../telemetry/logger';
import { metrics } from '../telemetry/metrics';
import type { Db } from '../store/db';
import type { ActivityDeps } from './deps';
import { applyConfigEvents, type ConfigEvents, type EventRow, type RowStatus } from './webhook-apply';

export interface BatchResult {
  claimed: number;
  applied: number;
  ignored: number;
  failed: number;
  /** The `<connector>:<eventId>` of every event in the batch: visible in the Web UI as the activity result. */
  eventIds: string[];
}

const EVENT_COLUMNS = `id, connector, event_id, event_type, config_id, user_id, account, payload,
  case when payload is null then raw_body end as raw_body`;

/** Applies the rows (grouped by config, in claim order) and records each one's status, in the caller's transaction. */
async function applyRows(tx: Db, deps: ActivityDeps, rows: EventRow[], processor: string): Promise<RowStatus[]> {
  const groups = new Map<string, ConfigEvents & { index: number[] }>();
  rows.forEach((row, i) => {
    const key = `${row.config_id}/${row.connector}`;
    const g = groups.get(key) ?? { configId: row.config_id!, userId: row.user_id!, connector: row.connector, rows: [], index: [] };
    g.rows.push(row);
    g.index.push(i);
    groups.set(key, g);
  });
  const statuses: RowStatus[] = rows.map(() => ({ status: 'failed', error: 'not processed' }));
  for (const g of groups.values()) {
    const out = await applyConfigEvents(tx, deps, g);
    out.forEach((s, j) => (statuses[g.index[j]!] = s));
  }
  await tx.query(
    `update public.webhook_events e set status = x.status, error = x.error, processed_at = clock_timestamp(), workflow_id = $4
       from unnest($1::uuid[], $2::text[], $3::text[]) as x(id, status, error) where e.id = x.id`,
    [rows.map((r) => r.id), statuses.map((s) => s.status), statuses.map((s) => s.error), processor],
  );
  return statuses;
}

const count = (statuses: RowStatus[], s: RowStatus['status']) => statuses.filter((x) => x.status === s).length;

/**
 * An event stored for no config (an account no config had, e.g. a HubSpot portal) is routed again when it is
 * replayed: to the one active config of its connector whose account it is now.
 */
async function routeAgain(tx: Db, row: EventRow & { account: string }): Promise<EventRow | undefined> {
  const accountOf = getWebhookModule(row.connector)?.accountOf;
  if (!accountOf || !row.account) return undefined;
  const configs = await tx.query<{ id: string; user_id: string; config: Record<string, unknown> }>(
    'select id, user_id, config from public.connector_configs where connector = $1 and is_active',
    [row.connector],
  );
  const matches = configs.rows.filter((c) => accountOf(c.config) === row.account);
  if (matches.length !== 1) return undefined;
  await tx.query('update public.webhook_events set config_id = $2, user_id = $3 where id = $1', [row.id, matches[0]!.id, matches[0]!.user_id]);
  return { ...row, config_id: matches[0]!.id, user_id: matches[0]!.user_id };
}

const log = componentLogger('webhooks');

export function webhookActivities(deps: ActivityDeps) {
  const { db } = deps;
  return {
    /**
     * Claims up to `limit` received events of one config (oldest first, SKIP LOCKED so concurrent claimers never
     * share one), applies them and marks them applied/ignored/failed, all in one transaction: exactly once.
     */
    async applyWebhookBatch(input: { configId: string; workflowId: string; runId: string; limit: number }): Promise<BatchResult> {
      let connector = '';
      const result = await db.transaction(async (tx) => {
        const claimed = await tx.query<EventRow>(
          `select ${EVENT_COLUMNS} from public.webhook_events where config_id = $1 and status = 'received'
            order by received_at, id limit $2 for update skip locked`,
          [input.configId, input.limit],
        );
        if (claimed.rows.length === 0) return { claimed: 0, applied: 0, ignored: 0, failed: 0, eventIds: [] };
        const s = await applyRows(tx, deps, claimed.rows, input.workflowId);
        const eventIds = claimed.rows.map((r) => `${r.connector}:${r.event_id}`);
        connector = claimed.rows[0]!.connector;
        return { claimed: claimed.rows.length, applied: count(s, 'applied'), ignored: count(s, 'ignored'), failed: count(s, 'failed'), eventIds };
      });
      if (result.claimed > 0) {
        metrics.eventsProcessed(connector, result); // counted once committed
        const { claimed, applied, ignored, failed } = result;
        log.info({ connector, claimed, applied, ignored, failed }, `webhook batch: ${applied} applied, ${ignored} ignored, ${failed} failed`);
      }
      return result;
    },

    /**
     * Applies one stored event again, by its row id (`fabric webhooks replay`): e.g. after the object that failed
     * validation was fixed, or a config got the account an event was for. The ordering guard keeps newer state.
     */
    async applyWebhookEvent(input: { id: string; workflowId?: string }): Promise<{ status: string; error?: string | null }> {
      return db.transaction(async (tx) => {
        const res = await tx.query<EventRow & { account: string }>(`select ${EVENT_COLUMNS} from public.webhook_events where id = $1 for update`, [input.id]);
        const stored = res.rows[0];
        if (!stored) return { status: 'not_found' };
        const row = stored.config_id ? stored : await routeAgain(tx, stored);
        if (!row)
          return {
            status: 'failed',
            error: stored.account ? `account ${stored.account}: still no single active ${stored.connector} config has it` : 'the event belongs to no config',
          };
        const [s] = await applyRows(tx, deps, [row], input.workflowId ?? `webhook-event:${input.id}`);
        return { status: s!.status, error: s!.error };
      });
    },
  };
}
