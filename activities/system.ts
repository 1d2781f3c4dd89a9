import { databaseIdentity } from '../store/database-identity';
import type { ActivityDeps } from './deps';

export interface DatabaseReport {
  kind: 'postgres' | 'pglite';
  migrations: string[];
}

export function systemActivities({ db }: ActivityDeps) {
  return {
    /** Reports which database the worker writes to and which migrations it has: the stack's end-to-end check. */
    async describeDatabase(): Promise<DatabaseReport> {
      const res = await db.query<{ id: string }>(`select version || '_' || name as id from fabric_meta.schema_migrations order by version`);
      return { kind: db.kind, migrations: res.rows.map((r) => r.id) };
    },
    /** The id of the database this worker writes to: a schedule's tick compares it with its own. */
    async databaseIdentity(): Promise<string> {
      return databaseIdentity(db);
    },
  };
}
