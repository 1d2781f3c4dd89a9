import type { Client } from '@temporalio/client';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Db } from '../store/db';
import { buildAgentContext } from './build-context';
import { createMcpServer } from './mcp-server';
import { userForToken } from './tokens';

export interface McpHttpDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  specDirs?: string;
}

const rpcError = (reply: FastifyReply, status: number, code: number, message: string) =>
  reply.code(status).send({ jsonrpc: '2.0', error: { code, message }, id: null });

/**
 * POST /mcp: the agent tools over MCP's streamable HTTP transport, stateless (one server per request, JSON
 * answers). A bearer token from `fabric mcp token create` names the user; every call then acts as that user.
 * No token, an unknown or a revoked one: 401 before anything else runs.
 */
export function registerMcpRoutes(app: FastifyInstance, deps: McpHttpDeps): void {
  app.post('/mcp', async (req, reply) => {
    const header = req.headers.authorization ?? '';
    const token = /^Bearer ([^\s]+)$/i.exec(header)?.[1];
    const userId = token ? await userForToken(deps.db, token) : undefined;
    if (!userId) {
      reply.header('www-authenticate', 'Bearer realm="connectivity-fabric-mcp"');
      return rpcError(reply, 401, -32001, 'unauthorized: send Authorization: Bearer <token> (create one with `fabric mcp token create --user <uuid>`)');
    }
    let body: unknown;
    try {
      body = JSON.parse(Buffer.isBuffer(req.body) ? req.body.toString('utf8') : String(req.body ?? ''));
    } catch {
      return rpcError(reply, 400, -32700, 'parse error: the body must be a JSON-RPC message');
    }
    const ctx = await buildAgentContext({ db: deps.db, temporal: deps.temporal, taskQueue: deps.taskQueue, userId, specDirs: deps.specDirs });
    const server = createMcpServer(ctx);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    reply.hijack(); // the transport writes the response itself
    reply.raw.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req.raw, reply.raw, body);
  });
  // stateless: no server-initiated stream and no session to delete
  for (const method of ['GET', 'DELETE'] as const) {
    app.route({ method, url: '/mcp', handler: async (_req, reply) => rpcError(reply.header('allow', 'POST'), 405, -32000, 'method not allowed: POST JSON-RPC messages to /mcp') });
  }
}
