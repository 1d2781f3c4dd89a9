import { postgresDb, type Db } from '../../store/db';

/** The run's fresh, migrated Postgres database (created by globalSetup). */
export function testDb(max = 5): Db {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is unset: run tests through jest (globalSetup creates the database)');
  return postgresDb(url, max);
}
