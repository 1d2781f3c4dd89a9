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
import { EXPECTED } from './rls-expected';
import { hex64, TABLES, type Owner } from './rls-tables';

/**
 * The RLS matrix: every table × select/insert/update/delete × users A and B, anon and service_role, run as
 * PostgREST runs a request (set local role + request.jwt.claims). Each probe is rolled back.
 */
let db: Db;
let A: Owner;
let B: Owner;

beforeAll(async () => {
  db = testDb();
  const { configs, webhooks } = testStores(db);
  const make = async (): Promise<Owner> => {
    const o = await userWithConfig(configs, { api_key: 'k' });
    await webhooks.create({ configId: o.configId, secret: 'whsec' });
    await upsertRecords(db, {
      configId: o.configId,
      userId: o.userId,
      model: 'customer',
      sourceSystem: 's',
      records: [{ sourceId: '1', data: {}, schemaVersion: '2.0.0' }],
    });
    const run = await startSyncRun(db, { configId: o.configId, workflowId: `sync:${o.configId}` });
    await saveSyncState(db, { configId: o.configId, model: 'customer', cursor: 'c' });
    await quarantineRecords(db, [{ configId: o.configId, userId: o.userId, model: 'customer', syncRunId: run.id, reason: 'bad' }]);
    await db.query(`insert into webhook_events (connector, event_id, config_id, user_id, raw_body) values ($1, $2, $3, $4, '{}')`, [
      o.connector,
      randomUUID(),
      o.configId,
      o.userId,
    ]);
    await createMapping(db, { connector: o.connector, sourceSchema: 'Customer', targetSchema: 'customer', mappingRules: {} });
    await db.query(`insert into agent_tokens (user_id, name, token_hash) values ($1, 'mcp', $2)`, [o.userId, hex64()]);
    return o;
  };
  A = await make();
  B = await make();
});
afterAll(() => db.close());

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
      const sql =
        verb === 'select'
          ? `select 1 from ${table} where ${where}`
          : verb === 'update'
            ? `update ${table} set ${t.touch} where ${where}`
            : `delete from ${table} where ${where}`;
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
    tx.query<{ uid: string; role: string; who: string }>('select auth.uid() as uid, auth.role() as role, current_user as who'),
  );
  expect(res.rows[0]).toEqual({ uid: A.userId, role: 'authenticated', who: 'authenticated' });
  await expect(asUser(db, { role: 'authenticated' }, async () => 1)).rejects.toThrow(/sub/);
  // the role does not leak back into the pool
  expect((await db.query<{ who: string }>('select current_user as who')).rows[0]!.who).toBe('postgres');
});
