import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { testDb } from '../../helpers/db';
import { testClient, withWorker } from '../../helpers/temporal';
import { eventually, HUBSPOT_SPECS, twoTenants } from './fixtures';

const REPO = join(__dirname, '../../..');
type Body = Record<string, unknown> & { error?: { code: string; message: string; issues?: Array<{ path: string }> } };

describe('fabric mcp over stdio: the MCP SDK client against the real stack', () => {
  const db = testDb();
  let stack: Awaited<ReturnType<typeof twoTenants>>;
  let temporal: Awaited<ReturnType<typeof testClient>>;
  beforeAll(async () => {
    stack = await twoTenants(db);
    temporal = await testClient();
  });
  afterAll(async () => {
    await stack.stop();
    await temporal.connection.close();
    await db.close();
  });

  async function connect(userId: string, taskQueue: string) {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [join(REPO, 'bin/fabric.cjs'), 'mcp', '--user', userId],
      cwd: REPO,
      stderr: 'pipe',
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        DATABASE_URL: process.env.DATABASE_URL!,
        TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS!,
        TEMPORAL_TASK_QUEUE: taskQueue,
        FABRIC_ENCRYPTION_KEY: stack.key,
        FABRIC_AGENT_SPEC_DIRS: HUBSPOT_SPECS,
      },
    });
    const client = new Client({ name: 'fabric-test', version: '1.0.0' });
    await client.connect(transport);
    const call = async (name: string, args: Record<string, unknown> = {}) => {
      const result = await client.callTool({ name, arguments: args });
      const text = (result.content as Array<{ text: string }>)[0]!.text;
      return { isError: Boolean(result.isError), body: JSON.parse(text) as Body, structured: result.structuredContent };
    };
    return { client, call };
  }

  it('lists the tools with input schemas, calls each one, and returns structured errors', async () => {
    const { a, b } = stack;
    await withWorker(stack.deps, async ({ taskQueue }) => {
      const { client, call } = await connect(a.userId, taskQueue);
      try {
        const { tools } = await client.listTools();
        expect(tools.map((t) => t.name).sort()).toEqual([
          'fetch_customers',
          'get_sync_status',
          'list_available_connectors',
          'list_configs',
          'propose_mapping',
          'push_record',
          'search_records',
          'start_sync',
        ]);
        for (const t of tools) {
          expect(t.inputSchema.type).toBe('object');
          expect(t.description!.length).toBeGreaterThan(60);
        }
        const search = tools.find((t) => t.name === 'search_records')!.inputSchema as {
          properties: Record<string, { maximum?: number; enum?: string[] }>;
          required: string[];
        };
        expect(search.properties.limit!.maximum).toBe(50);
        expect(search.properties.model!.enum).toContain('customer');
        expect(search.required).toEqual(expect.arrayContaining(['model', 'config_id']));

        const connectors = await call('list_available_connectors');
        expect(connectors.body.connectors).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ name: 'mock', models: ['customer', 'invoice'], capabilities: expect.arrayContaining(['read', 'write']) }),
          ]),
        );

        const configs = await call('list_configs');
        expect((configs.body.configs as Array<{ id: string }>).map((c) => c.id)).toEqual([a.configId]);
        expect(JSON.stringify(configs.body)).not.toMatch(/baseUrl|secret|api_key/i);

        const started = await call('start_sync', { config_id: a.configId, mode: 'full' });
        expect(started.body).toMatchObject({ workflow_id: `sync:${a.configId}`, already_running: false });
        const status = await eventually(async () => {
          const s = await call('get_sync_status', { config_id: a.configId });
          return s.body.status === 'COMPLETED' ? s.body : undefined;
        });
        expect(status).toMatchObject({ summary: { counts: { customer: expect.objectContaining({ records: 30 }) } } });

        const page1 = await call('fetch_customers', { config_id: a.configId, limit: 20 });
        expect(page1.body).toMatchObject({ total_matching: 30, returned: 20 });
        const page2 = await call('fetch_customers', { config_id: a.configId, limit: 20, cursor: page1.body.next_cursor });
        expect(page2.body).toMatchObject({ returned: 10, next_cursor: null });
        const ids = [...(page1.body.records as Array<{ source_id: string }>), ...(page2.body.records as Array<{ source_id: string }>)].map((r) => r.source_id);
        expect(new Set(ids).size).toBe(30);
        expect(JSON.stringify(page1.body)).not.toContain('raw_data');
        const email = (page1.body.records as Array<{ email: string }>)[3]!.email;
        const byEmail = await call('search_records', { model: 'customer', config_id: a.configId, email: email.toUpperCase() });
        expect(byEmail.body).toMatchObject({ total_matching: 1, records: [expect.objectContaining({ email })] });
        const invoices = await call('search_records', { model: 'invoice', config_id: a.configId, limit: 5, updated_since: '2000-01-01T00:00:00Z' });
        expect(invoices.body).toMatchObject({ total_matching: 30, returned: 5 });

        const record = { source_system: 'crm', source_id: `crm_${randomUUID()}`, email: 'ada@example.com', full_name: 'Ada Lovelace' };
        const pushed = await call('push_record', { config_id: a.configId, model: 'customer', record });
        expect(pushed.body).toMatchObject({ status: 'awaiting_approval', approve_command: expect.stringMatching(/^fabric push approve push:/) });
        expect(pushed.body.message).toMatch(/Proposed, not done/);
        expect(a.api.stats.created).toBe(0);

        const mapping = await call('propose_mapping', {
          spec_path: join(HUBSPOT_SPECS, 'hubspot_crm_contacts.oas.json'),
          model: 'customer',
          source_system: 'hubspot_agent',
        });
        expect(mapping.body).toMatchObject({ status: 'generating', workflow_id: expect.stringMatching(/^mapping:/) });
        const described = await temporal.client.workflow.getHandle(mapping.body.workflow_id as string).describe();
        expect(described.type).toBe('mappingWorkflow');

        // errors a model can act on
        const tooMany = await call('search_records', { model: 'customer', config_id: a.configId, limit: 500 });
        expect(tooMany).toMatchObject({ isError: true, body: { error: { code: 'validation', issues: [expect.objectContaining({ path: 'limit' })] } } });
        const badId = await call('fetch_customers', { config_id: 'config-x' });
        expect(badId.body.error).toMatchObject({ code: 'validation', issues: [expect.objectContaining({ path: 'config_id' })] });
        const foreign = await call('fetch_customers', { config_id: b.configId });
        expect(foreign).toMatchObject({ isError: true, body: { error: { code: 'not_yours' } } });
        const foreignSync = await call('start_sync', { config_id: b.configId });
        expect(foreignSync.body.error?.code).toBe('not_yours');
        const unknown = await call('get_sync_status', { config_id: randomUUID() });
        expect(unknown.body.error).toMatchObject({ code: 'unknown_config', message: expect.stringMatching(/list_configs/) });
        const badRecord = await call('push_record', { config_id: a.configId, model: 'customer', record: { ...record, email: 'not-an-email' } });
        expect(badRecord.body.error).toMatchObject({ code: 'validation', issues: [expect.objectContaining({ path: 'record.email' })] });
        const outside = await call('propose_mapping', { spec_path: '/etc/passwd', model: 'customer' });
        expect(outside.body.error).toMatchObject({ code: 'not_allowed', issues: [expect.objectContaining({ path: 'spec_path' })] });
        const escape = await call('propose_mapping', { spec_path: join(HUBSPOT_SPECS, '../../../package.json'), model: 'customer' });
        expect(escape.body.error?.code).toBe('not_allowed');
        const noTool = await call('drop_tables');
        expect(noTool).toMatchObject({ isError: true, body: { error: { code: 'not_found' } } });
        const badCursor = await call('list_configs', { cursor: 'garbage' });
        expect(badCursor.body.error).toMatchObject({ code: 'validation', issues: [expect.objectContaining({ path: 'cursor' })] });
        expect(a.api.stats.created + b.api.stats.created).toBe(0);
      } finally {
        await client.close();
      }
    });
  }, 120_000);

  it('refuses to start for an unknown or malformed --user', async () => {
    const { client } = await connect(randomUUID(), 'unused').catch((err: Error) => ({ client: undefined, err }));
    expect(client).toBeUndefined();
  }, 60_000);
});
