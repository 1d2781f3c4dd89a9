import type { Db } from '../store/db';

/** What activities need from the process that hosts them; built once per worker in worker.ts. */
export interface ActivityDeps {
  db: Db;
}
