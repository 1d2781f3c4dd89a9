/**
 * Run by migrations.test.ts in a child process (`tsx`): PGlite loads its WASM through dynamic import(), which
 * jest's VM sandbox refuses without --experimental-vm-modules. Prints one JSON report on stdout.
 */
import { PGlite } from '@electric-sql/pglite';
import { pgliteDb } from '../../../store/db';
import { migrate } from '../../../store/migrate';
import { upsertRecords } from '../../../store/records';
import { asUser } from '../../../store/rls';
import { schemaFingerprint } from './schema-fingerprint';
import { testStores } from './fixtures';

async function main(): Promise<void> {
  const db = pgliteDb(await PGlite.create());
  try {
    const first = await migrate(db);
    const before = await schemaFingerprint(db);
    const second = await migrate(db);
    const unchanged = (await schemaFingerprint(db)) === before;
    const { configs } = testStores(db);
    const userId = '11111111-1111-4111-8111-111111111111';
    const cfg = await configs.createConfig({ connector: 'mock', userId, name: 'pglite', secrets: { api_key: 'k' } });
    const upsert = await upsertRecords(db, {
      configId: cfg.id,
      userId,
      model: 'customer',
      sourceSystem: 'mock',
      records: [{ sourceId: '1', data: {}, schemaVersion: '2.0.0' }],
    });
    const credentials = await configs.getCredentials(cfg.id, 'test');
    const own = await asUser(db, { role: 'authenticated', sub: userId }, (tx) => tx.query('select id from unified_records'));
    const other = await asUser(db, { role: 'authenticated', sub: '22222222-2222-4222-8222-222222222222' }, (tx) => tx.query('select id from unified_records'));
    let anon = 'allowed';
    await asUser(db, { role: 'anon' }, (tx) => tx.query('select id from unified_records')).catch((e: { code?: string }) => (anon = e.code ?? 'error'));
    process.stdout.write(
      JSON.stringify({
        first,
        second,
        unchanged,
        upsert,
        credentials,
        own: own.rows.length,
        other: other.rows.length,
        anon,
        hasExternalIdx: before.includes('unified_records_external_idx'),
      }),
    );
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  process.stderr.write(String(err?.stack ?? err));
  process.exit(1);
});
