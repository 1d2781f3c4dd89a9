import { Client as PgClient } from 'pg';

export default async function globalTeardown(): Promise<void> {
  await globalThis.__fabricDevServer?.stop();
  const testDb = globalThis.__fabricTestDb;
  if (testDb && !process.env.KEEP_TEST_DB) {
    const client = new PgClient({ connectionString: testDb.admin });
    await client.connect();
    await client.query(`drop database if exists ${testDb.name} with (force)`);
    await client.end();
  }
}
