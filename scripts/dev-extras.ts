import type { Client } from '@temporalio/client';
import type { Env } from '../config/env';
import type { Db } from '../store/db';

export interface DevExtras {
  lines: string[];
  stop(): Promise<void>;
}

/** The HTTP server and the demo connector (a mock API plus a config syncing from it), started beside the worker. */
export async function startDevExtras(_o: { env: Env; db: Db; client: Client; taskQueue: string; log: (l: string) => void }): Promise<DevExtras> {
  return { lines: [], stop: async () => undefined };
}
