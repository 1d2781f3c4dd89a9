import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startMockApi, type MockApi } from '../../../adapters/mock';
import { testDb } from '../../helpers/db';
import { createTestConfig } from '../../helpers/fixtures';
import { startTestWorker, temporalAddress } from '../../helpers/temporal';

const ROOT = join(__dirname, '..', '..', '..');
const exec = promisify(execFile);

/** Another service: plain Node, no tsx of its own, requiring the package by name. */
const SERVICE = `
const { FabricClient } = require('connectivity-fabric/client');
(async () => {
  const fabric = await FabricClient.connect();
  const started = await fabric.startSync(process.env.CONFIG_ID, { mode: 'full' });
  let status = await fabric.getSyncStatus(process.env.CONFIG_ID);
  while (status.status === 'RUNNING') {
    await new Promise((r) => setTimeout(r, 200));
    status = await fabric.getSyncStatus(process.env.CONFIG_ID);
  }
  await fabric.close();
  console.log(JSON.stringify({ started, status, loaded: Object.keys(require.cache) }));
})().catch((err) => { console.error(err); process.exit(1); });
`;

/** A TypeScript service type-checks against the package's exported types. */
const TYPED = `
import { FabricClient, type SyncStatus } from 'connectivity-fabric/client';
export async function run(configId: string): Promise<SyncStatus> {
  const fabric = await FabricClient.connect();
  const started: { workflowId: string; alreadyRunning: boolean } = await fabric.startSync(configId, { mode: 'full' });
  void started;
  return fabric.getSyncStatus(configId);
}
// @ts-expect-error mode is "full" | "incremental"
export const wrong = (f: FabricClient) => f.startSync('x', { mode: 'sometimes' });
`;

describe('connectivity-fabric/client, imported by another package through a file dependency', () => {
  const db = testDb();
  let api: MockApi;
  beforeAll(async () => {
    api = await startMockApi({ records: 25, seed: 5 });
  });
  afterAll(async () => {
    await api.stop();
    await db.close();
  });

  it('starts a sync, reads its status, and loads no worker, activity or workflow code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fabric-consumer-'));
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'billing-service', private: true, dependencies: { 'connectivity-fabric': `file:${ROOT}` } }),
    );
    writeFileSync(join(dir, 'service.js'), SERVICE);
    writeFileSync(join(dir, 'typed.ts'), TYPED);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, module: 'node16', moduleResolution: 'node16', target: 'es2022', skipLibCheck: true, types: [] },
        files: ['typed.ts'],
      }),
    );
    await exec('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--offline'], { cwd: dir });

    const { configId, deps } = await createTestConfig(db, { connector: 'mock', config: { baseUrl: api.url } });
    const worker = await startTestWorker(deps);
    try {
      const env = { PATH: process.env.PATH, TEMPORAL_ADDRESS: temporalAddress(), TEMPORAL_TASK_QUEUE: worker.taskQueue, CONFIG_ID: configId };
      const { stdout } = await exec(process.execPath, ['service.js'], { cwd: dir, env, timeout: 120_000 });
      const out = JSON.parse(stdout) as {
        started: { workflowId: string };
        status: { status: string; summary: { counts: Record<string, { records: number }> } };
        loaded: string[];
      };
      expect(out.started.workflowId).toBe(`sync:${configId}`);
      expect(out.status.status).toBe('COMPLETED');
      expect(out.status.summary.counts.customer?.records).toBe(25);
      const ours = out.loaded.filter((f) => f.startsWith(ROOT) && !f.includes('/node_modules/')).map((f) => f.slice(ROOT.length + 1).replace(/\?.*$/, '')); // tsx adds ?namespace=
      expect(ours).toContain('client/index.ts');
      expect(ours.filter((f) => /^(workflows|activities|adapters|store|server|mapping|app|scripts)\/|^worker\.ts$/.test(f))).toEqual([]);
      expect(out.loaded.filter((f) => /@temporalio\/(worker|workflow|activity)\//.test(f))).toEqual([]);
    } finally {
      await worker.stop();
    }
    await exec(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { cwd: dir });
  }, 300_000);
});
