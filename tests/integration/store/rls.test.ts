import { randomUUID } from 'node:crypto';
import type { Db } from '../../../store/db';
import { quarantineRecords } from '../../../store/quarantine';
import { upsertRecords } from '../../../store/records';
import { asUser, type RequestIdentity } from '../../../store/rls';
import { startSyncRun } from '../../../store/sync-runs';
import { saveSyncState } from '../../../store/sync-state';
import { createMapping } from '../../../store/mapping-store';
import { testDb } from '../../helpers/db';
import { testStores, userWithConfig } from './fixtures';

/**
 * The RLS matrix: every table × select/insert/update/delete × users A and B, anon and service_role, run as
 * PostgREST runs a request (set local role + request.jwt.claims). Each probe is rolled back.
 */
let db: Db;
type Owner = { userId: string; configId: string; connector: string };
let A: Owner;
let B: Owner;

beforeAll(async () => {
  db = testDb();
  const { configs, webhooks } = testStores(db);
  const make = async (): Promise<Owner> => {
    const o = await userWithConfig(configs, { api_key: 'k' });
    await webhooks.create({ configId: o.configId, secret: 'whsec' });
    await upsertRecords(db, { configId: o.configId, userId: o.userId, model: 'customer', sourceSystem: 's', records: [{ sourceId: '1', data: {}, schemaVersion: '2.0.0' }] });
    const run = await startSyncRun(db, { configId: o.configId, workflowId: `sync:${o.configId}` });
    await saveSyncState(db, { configId: o.configId, model: 'customer', cursor: 'c' });
    await quarantineRecords(db, [{ configId: o.configId, userId: o.userId, model: 'customer', syncRunId: run.id, reason: 'bad' }]);
    await db.query(`insert into webhook_events (connector, event_id, config_id, user_id, raw_body) values ($1, $2, $3, $4, '{}')`, [o.connector, randomUUID(), o.configId, o.userId]);
    await createMapping(db, { connector: o.connector, sourceSchema: 'Customer', targetSchema: 'customer', mappingRules: {} });
    await db.query(`insert into agent_tokens (user_id, name, token_hash) values ($1, 'mcp', $2)`, [o.userId, hex64()]);
    return o;
  };
  A = await make();
  B = await make();
});
afterAll(() => db.close());

interface TableSpec {
  /** Rows belonging to owner o. */
  mine: (o: Owner) => [string, unknown[]];
  insert: (o: Owner) => [string, unknown[]];
  touch: string;
  /** A statement moving o's rows to other (must be refused for users). */
  steal?: (o: Owner, other: Owner) => [string, unknown[]];
}
const byConfig = (col = 'config_id') => (o: Owner): [string, unknown[]] => [`${col} = $1`, [o.configId]];
const rnd = () => randomUUID().slice(0, 12);
const hex64 = () => (randomUUID() + randomUUID()).replace(/-/g, '');

const TABLES: Record<string, TableSpec> = {
  connector_configs: { mine: byConfig('id'), touch: 'name = name',
    insert: (o) => ['insert into connector_configs (connector, user_id, name) values ($1, $2, $3)', [o.connector, o.userId, rnd()]],
    steal: (o, x) => ['update connector_configs set user_id = $2 where id = $1', [o.configId, x.userId]] },
  connector_credentials: { mine: byConfig(), touch: 'name = name',
    insert: (o) => [`insert into connector_credentials (config_id, name, encrypted_value, key_id) values ($1, $2, 'v1.k.i.t.c', 'k')`, [o.configId, rnd()]],
    steal: (o, x) => [`update connector_credentials set config_id = $2, name = name || '-moved' where config_id = $1`, [o.configId, x.configId]] },
  webhook_configs: { mine: byConfig(), touch: 'is_active = is_active',
    insert: (o) => [`insert into webhook_configs (connector, config_id, user_id, endpoint_path, secret, key_id) values ($1, $2, $3, $4, 'v1.k.i.t.c', 'k')`, [o.connector, o.configId, o.userId, rnd()]],
    steal: (o, x) => ['update webhook_configs set user_id = $2, config_id = $3 where config_id = $1', [o.configId, x.userId, x.configId]] },
  unified_records: { mine: byConfig(), touch: 'deleted = deleted',
    insert: (o) => [`insert into unified_records (config_id, user_id, model, source_system, source_id, schema_version, data) values ($1, $2, 'customer', 's', $3, '2.0.0', '{}')`, [o.configId, o.userId, rnd()]],
    steal: (o, x) => [`update unified_records set user_id = $2, config_id = $3, source_id = source_id || '-moved' where config_id = $1`, [o.configId, x.userId, x.configId]] },
  sync_runs: { mine: byConfig(), touch: 'status = status',
    insert: (o) => [`insert into sync_runs (config_id, user_id, workflow_id) values ($1, $2, $3)`, [o.configId, o.userId, rnd()]],
    steal: (o, x) => ['update sync_runs set user_id = $2, config_id = $3 where config_id = $1', [o.configId, x.userId, x.configId]] },
  sync_state: { mine: byConfig(), touch: 'cursor = cursor',
    insert: (o) => [`insert into sync_state (config_id, model) values ($1, $2)`, [o.configId, rnd()]],
    steal: (o, x) => [`update sync_state set config_id = $2, model = model || '-moved' where config_id = $1`, [o.configId, x.configId]] },
  quarantined_records: { mine: byConfig(), touch: 'reason = reason',
    insert: (o) => [`insert into quarantined_records (config_id, user_id, model, reason) values ($1, $2, 'customer', 'r')`, [o.configId, o.userId]],
    steal: (o, x) => ['update quarantined_records set user_id = $2, config_id = $3 where config_id = $1', [o.configId, x.userId, x.configId]] },
  webhook_events: { mine: byConfig(), touch: 'status = status',
    insert: (o) => [`insert into webhook_events (connector, event_id, config_id, user_id, raw_body) values ($1, $2, $3, $4, '{}')`, [o.connector, rnd(), o.configId, o.userId]],
    steal: (o, x) => ['update webhook_events set user_id = $2, config_id = $3 where config_id = $1', [o.configId, x.userId, x.configId]] },
  audit_log: { mine: (o) => ['user_id = $1', [o.userId]], touch: 'action = action',
    insert: (o) => [`insert into audit_log (actor, user_id, action, resource_type) values ('me', $1, 'x', 'y')`, [o.userId]] },
  agent_tokens: { mine: (o) => ['user_id = $1', [o.userId]], touch: 'revoked_at = revoked_at',
    insert: (o) => [`insert into agent_tokens (user_id, name, token_hash) values ($1, 'n', $2)`, [o.userId, hex64()]],
    steal: (o, x) => ['update agent_tokens set user_id = $2 where user_id = $1', [o.userId, x.userId]] },
  connectors: { mine: (o) => ['name = $1', [o.connector]], touch: 'description = description',
    insert: () => [`insert into connectors (name) values ($1)`, [`c-${rnd()}`]] },
  schema_mappings: { mine: (o) => ['connector = $1', [o.connector]], touch: 'version = version',
    insert: (o) => [`insert into schema_mappings (connector, source_schema, target_schema, mapping_rules) values ($1, 'S', $2, '{}')`, [o.connector, rnd()]] },
};

class Rollback extends Error {}
/**
 * Runs one statement as who, always rolled back; returns the row count, 'denied' (privilege or RLS refusal) or
 * 'fk' (allowed, but a foreign key refused it: the row is still referenced, or names someone else's config).
 */
async function probe(who: RequestIdentity, sql: string, params: unknown[]): Promise<number | 'denied' | 'fk'> {
  let out: number | 'denied' | 'fk' = 'denied';
  try {
    await asUser(db, who, async (tx) => {
      out = (await tx.query(sql, params)).rowCount;
      throw new Rollback();
    });
  } catch (err) {
    if (!(err instanceof Rollback)) {
      const code = (err as { code?: string }).code;
      if (code === '23503') out = 'fk';
      else if (code !== '42501') throw err;
    }
  }
  return out;
}

const actors: Record<string, () => RequestIdentity> = {
  A: () => ({ role: 'authenticated', sub: A.userId }),
  B: () => ({ role: 'authenticated', sub: B.userId }),
  anon: () => ({ role: 'anon' }),
  service: () => ({ role: 'service_role' }),
};

async function row(table: string): Promise<Record<string, unknown>> {
  const t = TABLES[table]!;
  const out: Record<string, unknown> = {};
  for (const [name, who] of Object.entries(actors)) {
    const count = async (verb: 'select' | 'update' | 'delete', o: Owner) => {
      const [where, params] = t.mine(o);
      const sql = verb === 'select' ? `select 1 from ${table} where ${where}` : verb === 'update' ? `update ${table} set ${t.touch} where ${where}` : `delete from ${table} where ${where}`;
      const n = await probe(who(), sql, params);
      return typeof n === 'string' ? n : n > 0 ? 'rows' : 'none';
    };
    const cell: Record<string, unknown> = {};
    for (const verb of ['select', 'update', 'delete'] as const) cell[verb] = `A:${await count(verb, A)} B:${await count(verb, B)}`;
    const [insA, pA] = t.insert(A);
    const [insB, pB] = t.insert(B);
    cell.insert = `A:${await probe(who(), insA, pA)} B:${await probe(who(), insB, pB)}`;
    if (t.steal) cell.steal = `${await probe(who(), ...t.steal(A, B))}`;
    out[name] = cell;
  }
  return out;
}

// steal = move A's rows to B: refused for A, invisible (0 rows) for B
const USER_DATA = (steal: string) => ({
  A: { select: 'A:rows B:none', update: 'A:rows B:none', delete: 'A:rows B:none', insert: 'A:1 B:denied', steal: 'denied' },
  B: { select: 'A:none B:rows', update: 'A:none B:rows', delete: 'A:none B:rows', insert: 'A:denied B:1', steal: '0' },
  anon: { select: 'A:denied B:denied', update: 'A:denied B:denied', delete: 'A:denied B:denied', insert: 'A:denied B:denied', steal: 'denied' },
  service: { select: 'A:rows B:rows', update: 'A:rows B:rows', delete: 'A:rows B:rows', insert: 'A:1 B:1', steal },
});
const CATALOG = {
  A: { select: 'A:rows B:rows', update: 'A:denied B:denied', delete: 'A:denied B:denied', insert: 'A:denied B:denied' },
  B: { select: 'A:rows B:rows', update: 'A:denied B:denied', delete: 'A:denied B:denied', insert: 'A:denied B:denied' },
  anon: { select: 'A:denied B:denied', update: 'A:denied B:denied', delete: 'A:denied B:denied', insert: 'A:denied B:denied' },
  service: { select: 'A:rows B:rows', update: 'A:rows B:rows', delete: 'A:rows B:rows', insert: 'A:1 B:1' },
};
const EXPECTED: Record<string, unknown> = {
  // a config's children carry (config_id, user_id): not even the service can hand a config to another user
  connector_configs: USER_DATA('fk'),
  connector_credentials: USER_DATA('1'),
  webhook_configs: USER_DATA('1'),
  unified_records: USER_DATA('1'),
  sync_runs: USER_DATA('1'),
  sync_state: USER_DATA('1'),
  quarantined_records: USER_DATA('1'),
  webhook_events: USER_DATA('1'),
  audit_log: {
    A: { select: 'A:rows B:none', update: 'A:denied B:denied', delete: 'A:denied B:denied', insert: 'A:denied B:denied' },
    B: { select: 'A:none B:rows', update: 'A:denied B:denied', delete: 'A:denied B:denied', insert: 'A:denied B:denied' },
    anon: { select: 'A:denied B:denied', update: 'A:denied B:denied', delete: 'A:denied B:denied', insert: 'A:denied B:denied' },
    service: { select: 'A:rows B:rows', update: 'A:denied B:denied', delete: 'A:denied B:denied', insert: 'A:1 B:1' },
  },
  // MCP tokens: a user lists and revokes their own; only the service creates, deletes or reassigns them
  agent_tokens: {
    A: { select: 'A:rows B:none', update: 'A:rows B:none', delete: 'A:denied B:denied', insert: 'A:denied B:denied', steal: 'denied' },
    B: { select: 'A:none B:rows', update: 'A:none B:rows', delete: 'A:denied B:denied', insert: 'A:denied B:denied', steal: 'denied' },
    anon: { select: 'A:denied B:denied', update: 'A:denied B:denied', delete: 'A:denied B:denied', insert: 'A:denied B:denied', steal: 'denied' },
    service: { select: 'A:rows B:rows', update: 'A:rows B:rows', delete: 'A:rows B:rows', insert: 'A:1 B:1', steal: '1' },
  },
  // a connector still referenced by configs cannot be deleted, even by the service: 'fk' shows RLS let it through
  connectors: { ...CATALOG, service: { ...CATALOG.service, delete: 'A:fk B:fk' } },
  schema_mappings: CATALOG,
};

test('every public table has RLS enabled and is covered by the matrix', async () => {
  const res = await db.query<{ relname: string; relrowsecurity: boolean }>(
    `select c.relname, c.relrowsecurity from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind = 'r' order by 1`,
  );
  expect(res.rows.map((r) => r.relname).sort()).toEqual(Object.keys(TABLES).sort());
  expect(res.rows.filter((r) => !r.relrowsecurity)).toEqual([]);
});

test.each(Object.keys(TABLES))('RLS matrix: %s', async (table) => {
  expect(await row(table)).toEqual(EXPECTED[table]);
});

test('auth.uid() and auth.role() see the claims the way PostgREST sets them', async () => {
  const res = await asUser(db, { role: 'authenticated', sub: A.userId }, (tx) =>
    tx.query<{ uid: string; role: string; who: string }>('select auth.uid() as uid, auth.role() as role, current_user as who'));
  expect(res.rows[0]).toEqual({ uid: A.userId, role: 'authenticated', who: 'authenticated' });
  await expect(asUser(db, { role: 'authenticated' }, async () => 1)).rejects.toThrow(/sub/);
  // the role does not leak back into the pool
  expect((await db.query<{ who: string }>('select current_user as who')).rows[0]!.who).toBe('postgres');
});
