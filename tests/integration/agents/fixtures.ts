import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { startMockApi, type MockApi } from '../../../adapters/mock';
import { buildAgentContext } from '../../../agents/build-context';
import type { AgentContext } from '../../../agents/context';
import { startSync } from '../../../client/sync';
import { CredentialManager, generateKey, parseKey } from '../../../store/credentials';
import type { Db } from '../../../store/db';
import { createTestConfig } from '../../helpers/fixtures';

export const HUBSPOT_SPECS = join(__dirname, '../../../node_modules/@opensdks/sdk-hubspot');

export interface Tenant {
  userId: string;
  configId: string;
  api: MockApi;
}

/**
 * Two users, each with a mock config against their own fake API (different record counts), so a leak of B's
 * data into A's answers shows up as a wrong count or a foreign id.
 */
export async function twoTenants(db: Db, counts: [number, number] = [30, 7]) {
  const key = generateKey('agents');
  const credentials = new CredentialManager(parseKey(key));
  const tenants: Tenant[] = [];
  let deps;
  for (const [i, n] of counts.entries()) {
    const api = await startMockApi({ records: n, seed: 40 + i });
    const made = await createTestConfig(db, { connector: 'mock', config: { baseUrl: api.url }, credentials, userId: randomUUID() });
    deps = made.deps;
    tenants.push({ userId: made.userId, configId: made.configId, api });
  }
  return {
    key,
    deps: deps!,
    a: tenants[0]!,
    b: tenants[1]!,
    stop: () => Promise.all(tenants.map((t) => t.api.stop())),
  };
}

/** Runs a full sync of a config to completion through the real workflow. */
export async function syncNow(client: Client, taskQueue: string, configId: string): Promise<void> {
  const started = await startSync(client, taskQueue, configId, { mode: 'full' });
  await client.workflow.getHandle(started.workflowId).result();
}

export const contextFor = (db: Db, temporal: Client, taskQueue: string, userId: string): Promise<AgentContext> =>
  buildAgentContext({ db, temporal, taskQueue, userId, specDirs: HUBSPOT_SPECS });

/** Polls until check returns a value (not undefined), or fails after the timeout. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
