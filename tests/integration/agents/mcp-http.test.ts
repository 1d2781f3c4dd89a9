import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SignJWT } from 'jose';
import { runCli } from '../../../cli/main';
import { codecAuthenticator } from '../../../server/codec-auth';
import { buildApp } from '../../../server/app';
import { testDb } from '../../helpers/db';
import { testClient, withWorker } from '../../helpers/temporal';
import { syncNow, twoTenants } from './fixtures';

const JWT_SECRET = 'test-jwt-secret-at-least-32-characters-long';

describe('MCP over streamable HTTP on the server, behind bearer tokens', () => {
  const db = testDb();
  let stack: Awaited<ReturnType<typeof twoTenants>>;
  let temporal: Awaited<ReturnType<typeof testClient>>;
  beforeAll(async () => {
    stack = await twoTenants(db, [6, 2]);
    temporal = await testClient();
  });
  afterAll(async () => {
    await stack.stop();
    await temporal.connection.close();
    await db.close();
  });

  async function fabric(...args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, { DATABASE_URL: process.env.DATABASE_URL });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('takes the user from the token, acts as that user, and refuses missing or revoked tokens', async () => {
    const { a, b } = stack;
    await withWorker(stack.deps, async ({ taskQueue }) => {
      await syncNow(temporal.client, taskQueue, a.configId);
      const { app } = buildApp({
        db,
        endpoints: { resolve: async () => undefined },
        temporal: { client: temporal.client, taskQueue },
        mcp: { accessTokens: codecAuthenticator({ jwtSecret: JWT_SECRET, token: 'shared-codec-token' }) },
      });
      const base = await app.listen({ host: '127.0.0.1', port: 0 });
      try {
        const created = await fabric('mcp', 'token', 'create', a.userId, '--name', 'laptop', '--json');
        expect(created.code).toBe(0);
        const token = JSON.parse(created.out) as { token: string; id: string };
        expect(token.token).toMatch(/^fabric_mcp_/);
        const stored = await db.query<{ token_hash: string }>('select token_hash from public.agent_tokens where id = $1', [token.id]);
        expect(stored.rows[0]!.token_hash).not.toContain(token.token); // only the hash is kept

        const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp`), {
          requestInit: { headers: { authorization: `Bearer ${token.token}` } },
        });
        const client = new Client({ name: 'fabric-http-test', version: '1.0.0' });
        await client.connect(transport);
        const { tools } = await client.listTools();
        expect(tools).toHaveLength(8);
        const configs = await client.callTool({ name: 'list_configs', arguments: {} });
        expect((configs.structuredContent as { configs: Array<{ id: string }> }).configs.map((c) => c.id)).toEqual([a.configId]);
        const customers = await client.callTool({ name: 'fetch_customers', arguments: { config_id: a.configId } });
        expect(customers.structuredContent).toMatchObject({ total_matching: 6 });
        const foreign = await client.callTool({ name: 'fetch_customers', arguments: { config_id: b.configId } });
        expect(foreign).toMatchObject({ isError: true, structuredContent: { error: { code: 'not_yours' } } });
        await client.close();

        const post = (headers: Record<string, string>, body = '{"jsonrpc":"2.0","id":1,"method":"tools/list"}') =>
          fetch(`${base}/mcp`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
            body,
          });
        const none = await post({});
        expect(none.status).toBe(401);
        expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
        expect((await post({ authorization: 'Bearer fabric_mcp_forged' })).status).toBe(401);
        expect((await post({ authorization: `Bearer ${token.token}` }, 'not json')).status).toBe(400);
        expect((await fetch(`${base}/mcp`)).status).toBe(405);

        // a Supabase access token (HS256, checked the codec server's way) names its user through sub
        const accessToken = await new SignJWT({ role: 'authenticated' })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject(b.userId)
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode(JWT_SECRET));
        const asB = await post(
          { authorization: `Bearer ${accessToken}` },
          JSON.stringify({
            jsonrpc: '2.0',
            id: 2,
            method: 'tools/call',
            params: { name: 'list_configs', arguments: {} },
          }),
        );
        expect(asB.status).toBe(200);
        const answer = (await asB.json()) as { result: { structuredContent: { configs: Array<{ id: string }> } } };
        expect(answer.result.structuredContent.configs.map((c) => c.id)).toEqual([b.configId]);
        const forged = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(a.userId).sign(new TextEncoder().encode('wrong'));
        expect((await post({ authorization: `Bearer ${forged}` })).status).toBe(401);
        // the codec's shared static token names nobody: not accepted for MCP
        expect((await post({ authorization: 'Bearer shared-codec-token' })).status).toBe(401);

        const listed = await fabric('mcp', 'token', 'list', a.userId);
        expect(listed.out).toContain(`${token.id} ${a.userId} laptop`);
        expect(listed.out).not.toContain(token.token);
        expect((await fabric('mcp', 'token', 'revoke', token.id)).out).toMatch(/revoked/);
        expect((await post({ authorization: `Bearer ${token.token}` })).status).toBe(401);
        expect((await fabric('mcp', 'token', 'revoke', token.id)).err).toMatch(/no live token/);
        expect((await fabric('mcp')).err).toMatch(/--user <uuid>/);
      } finally {
        await app.close();
      }
    });
  }, 120_000);
});
