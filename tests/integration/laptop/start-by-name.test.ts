import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMockApi, type MockApi } from '../../../adapters/mock';
import { generateKey } from '../../../store/credentials';
import { payloadCodecFromEnv } from '../../../config/payload-codec';
import { codecAuthenticator } from '../../../server/codec-auth';
import { startCodecServer, type RunningCodecServer } from '../../../server/codec';
import { findTemporalCli } from '../../../scripts/temporal-cli';
import { testDb } from '../../helpers/db';
import { createTestConfig } from '../../helpers/fixtures';
import { startTestWorker, temporalAddress } from '../../helpers/temporal';

const DOC = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'WORKFLOWS.md'), 'utf8');
const HUBSPOT = join(__dirname, '../../../node_modules/@opensdks/sdk-hubspot/hubspot_crm_contacts.oas.json');

/** The commands of one `<!-- by-name: X -->` block of docs/WORKFLOWS.md, continuation lines joined. */
function documentedCommands(block: string): string[] {
  const match = DOC.match(new RegExp(`<!-- by-name: ${block} -->\\n\`\`\`sh\\n([\\s\\S]*?)\`\`\``));
  if (!match) throw new Error(`docs/WORKFLOWS.md has no by-name block "${block}"`);
  return match[1]!
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

describe('other services start workflows by name with the temporal CLI, using only docs/WORKFLOWS.md', () => {
  const db = testDb();
  const payloadKey = `p1:${generateKey('x').split(':')[1]}`;
  const codec = payloadCodecFromEnv(payloadKey)!;
  let api: MockApi;
  let codecServer: RunningCodecServer;
  const codecToken = `codec-${randomUUID()}`;
  let worker: Awaited<ReturnType<typeof startTestWorker>>;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    api = await startMockApi({ records: 40, seed: 13 });
    const { configId, deps } = await createTestConfig(db, { connector: 'mock', config: { baseUrl: api.url } });
    worker = await startTestWorker(deps, `by-name-${randomUUID()}`, { payloadCodec: codec });
    codecServer = await startCodecServer({ codec, auth: codecAuthenticator({ token: codecToken }), uiOrigins: [], host: '127.0.0.1', port: 0 });
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TEMPORAL_ADDRESS: temporalAddress(),
      TEMPORAL_NAMESPACE: 'default',
      TASK_QUEUE: worker.taskQueue,
      CONFIG_ID: configId,
      CODEC: `${codecServer.url}/codec`,
      CODEC_AUTH: `Bearer ${codecToken}`,
      MAPPING_ID: randomUUID(),
      SPEC_PATH: HUBSPOT,
    };
  });
  afterAll(async () => {
    await worker?.stop();
    await codecServer?.close();
    await api?.stop();
    await db.close();
  });

  const cli = findTemporalCli()!.path;
  /** Async, never spawnSync: the worker runs in this process and must keep polling while the CLI waits. */
  function run(command: string): Promise<{ code: number | null; out: string }> {
    return new Promise((resolve) => {
      execFile('sh', ['-c', command.replace(/^temporal /, `"${cli}" `)], { env, encoding: 'utf8', timeout: 120_000 }, (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` }),
      );
    });
  }
  const json = async (command: string) => {
    const res = await run(command);
    if (res.code !== 0) throw new Error(`${command}\nexited ${res.code}: ${res.out}`);
    return JSON.parse(res.out) as Record<string, unknown> & { result?: unknown };
  };

  it('sync: starts, reads the result and the progress query through the codec endpoint, finds it by search attributes', async () => {
    const [start, result, query, list] = documentedCommands('sync');
    expect((await run(start!)).code).toBe(0);
    const summary = (await json(result!)).result as { status: string; counts: Record<string, { records: number }> };
    expect(summary.status).toBe('completed');
    expect(summary.counts.customer?.records).toBe(40);
    const progress = ((await json(query!)).queryResult as unknown[])[0] as { phase: string; records: number; configId: string };
    expect(progress).toMatchObject({ phase: 'completed', records: 80, configId: env.CONFIG_ID });
    expect((await run(list!)).out).toContain(`sync:${env.CONFIG_ID}`);

    const withoutCodec = await run(result!.replace(/--codec-endpoint "\$CODEC" --codec-auth "\$CODEC_AUTH" /, ''));
    expect(withoutCodec.out).toContain('YmluYXJ5L2VuY3J5cHRlZA=='); // base64 of the binary/encrypted encoding
    expect(withoutCodec.out).not.toContain('"completed"');
    const withoutToken = await run(result!.replace(/ --codec-auth "\$CODEC_AUTH"/, ''));
    expect(withoutToken.code).not.toBe(0); // the codec server refuses (401) a caller without the token
    expect(withoutToken.out).not.toContain('"completed"');
  });

  it('push: creates the record in the target and returns its external id', async () => {
    const [start, result] = documentedCommands('push');
    expect((await run(start!)).code).toBe(0);
    expect((await json(result!)).result).toMatchObject({
      configId: env.CONFIG_ID,
      connector: 'mock',
      model: 'customer',
      sourceId: 'crm_42',
      action: 'created',
    });
  });

  it('mapping: generates, waits for approval through the documented query, approves with the update', async () => {
    const [start, query, update, result] = documentedCommands('mapping');
    expect((await run(start!)).code).toBe(0);
    let phase = '';
    for (let i = 0; i < 300 && phase !== 'awaiting-approval'; i++) {
      const res = await run(query!);
      if (res.code === 0) phase = (JSON.parse(res.out) as { queryResult: Array<{ phase: string }> }).queryResult[0]!.phase;
      if (phase !== 'awaiting-approval') await new Promise((r) => setTimeout(r, 300));
    }
    expect(phase).toBe('awaiting-approval');
    expect((await run(update!)).code).toBe(0);
    expect((await json(result!)).result).toMatchObject({ phase: 'approved' });
  }, 240_000);

  it('a bad input fails at once, non-retryably, naming each field', async () => {
    const id = `sync:${randomUUID()}`;
    const start = documentedCommands('sync')[0]!
      .replace(/"sync:\$CONFIG_ID"/, `"${id}"`)
      .replace(/--input .*$/, `--input '{"configId": "nope", "mode": "sometimes", "config_id": 1}'`);
    expect((await run(start)).code).toBe(0);
    const res = await run(`temporal workflow result --workflow-id "${id}" -o json`);
    expect(res.code).not.toBe(0);
    // -o json prints the close event; the failure's message is a JSON string inside it
    const message = JSON.parse(res.out.match(/"message": ("(?:[^"\\]|\\.)*")/)![1]!) as string;
    expect(message).toMatch(
      /^syncWorkflow input is invalid: configId: must be a connector config id.*; mode: must be "full" or "incremental"; \(input\): Unrecognized key: "config_id"/,
    );
    expect(res.out).toMatch(/"type": "InvalidWorkflowInput",\s*"nonRetryable": true/);
  });
});
