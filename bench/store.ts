import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { CredentialManager, generateKey, parseKey } from '../store/credentials';
import { postgresDb } from '../store/db';
import { migrate } from '../store/migrate';
import { upsertRecords } from '../store/records';
import { ConfigStore } from '../store/config-store';

/**
 * `npm run bench -- store [records] [pageSize]`: bulk upserts into unified_records on a throwaway database on the
 * local Postgres (ADMIN_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres): first insert, a
 * re-upsert of the same records with newer versions (updates), and a stale replay (all skipped by the guard).
 */
export async function run(args: string[]): Promise<void> {
  const total = Number(args[0] ?? 100_000);
  const pageSize = Number(args[1] ?? 500);
  const admin = process.env.ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `fabric_bench_${Date.now()}`;
  const c = new PgClient({ connectionString: admin });
  await c.connect();
  await c.query(`create database ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const db = postgresDb(url.toString(), 2);
  try {
    await migrate(db);
    const configs = new ConfigStore(db, { credentials: new CredentialManager(parseKey(generateKey('bench'))) });
    const userId = randomUUID();
    const cfg = await configs.createConfig({ connector: 'bench', userId, name: 'bench' });
    const page = (offset: number, version: number) =>
      Array.from({ length: Math.min(pageSize, total - offset) }, (_, i) => ({
        sourceId: `cus_${offset + i}`,
        schemaVersion: '2.0.0',
        sourceVersion: version,
        data: { email: `user${offset + i}@example.com`, full_name: `User ${offset + i}`, billing_address: { city: 'Berlin', country: 'DE' }, tags: ['a', 'b'] },
      }));
    const pass = async (label: string, version: number) => {
      const started = process.hrtime.bigint();
      const sum = { inserted: 0, updated: 0, skippedStale: 0 };
      for (let offset = 0; offset < total; offset += pageSize) {
        const r = await upsertRecords(db, { configId: cfg.id, userId, model: 'customer', sourceSystem: 'bench', records: page(offset, version) });
        sum.inserted += r.inserted;
        sum.updated += r.updated;
        sum.skippedStale += r.skippedStale;
      }
      const s = Number(process.hrtime.bigint() - started) / 1e9;
      console.log(
        `${label.padEnd(22)} ${total} records in ${s.toFixed(2)} s = ${Math.round(total / s).toLocaleString('en')} records/s  ${JSON.stringify(sum)}`,
      );
    };
    console.log(`unified_records bulk upsert, pages of ${pageSize}, one statement per page`);
    await pass('insert', 1);
    await pass('update (newer version)', 2);
    await pass('stale replay (skipped)', 1);
    // baseline: the same upsert one record per round trip (how stripe-sync-engine's backfill writes), 5,000 records
    const n = Math.min(5_000, total);
    const started = process.hrtime.bigint();
    for (let offset = 0; offset < n; offset += 1) {
      await upsertRecords(db, { configId: cfg.id, userId, model: 'customer-rowwise', sourceSystem: 'bench', records: page(offset, 1).slice(0, 1) });
    }
    const s = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(`${'one record per trip'.padEnd(22)} ${n} records in ${s.toFixed(2)} s = ${Math.round(n / s).toLocaleString('en')} records/s  (baseline)`);
  } finally {
    await db.close();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  }
}
