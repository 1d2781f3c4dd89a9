import type { Client } from '@temporalio/client';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Env } from '../config/env';
import { bearerFrom, codecAuthenticator, type CodecAuthenticator } from '../server/codec-auth';
import type { Db } from '../store/db';
import { buildAgentContext } from './build-context';
import { createMcpServer } from './mcp-server';
import { userForToken } from './tokens';

export interface McpHttpDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  specDirs?: string;
  /**
   * Supabase/OIDC access tokens, checked the codec server's way (server/codec-auth.ts: HS256 secret or JWKS, issuer,
   * audience); the JWT's `sub` is the user. The codec's shared static token names nobody, so it is not accepted here.
   */
  accessTokens?: CodecAuthenticator;
}

/** POST /mcp's settings: the spec allow-list, and access tokens verified with the codec server's JWT settings. */
export function mcpSettingsFromEnv(env: Env): { specDirs?: string; accessTokens?: CodecAuthenticator } {
  const accessTokens = codecAuthenticator({
    jwtSecret: env.FABRIC_CODEC_JWT_SECRET,
    jwksUrl: env.FABRIC_CODEC_JWKS_URL,
    issuer: env.FABRIC_CODEC_JWT_ISSUER,
    audience: env.FABRIC_CODEC_JWT_AUDIENCE,
  });
  return { specDirs: env.FABRIC_AGENT_SPEC_DIRS, accessTokens: accessTokens.configured ? accessTokens : undefined };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The user a bearer speaks for: an agent token from `fabric mcp token create`, or a verified access token's sub. */
async function callerOf(deps: McpHttpDeps, bearer: string | undefined): Promise<string | undefined> {
  if (!bearer) return undefined;
  const fromToken = await userForToken(deps.db, bearer);
  if (fromToken || !deps.accessTokens || bearer.split('.').length !== 3) return fromToken;
  const verdict = await deps.accessTokens.check({ bearer });
  return verdict.ok && UUID.test(verdict.subject) ? verdict.subject : undefined;
}

const rpcError = (reply: FastifyReply, status: number, code: number, message: string) =>
  reply.code(status).send({ jsonrpc: '2.0', error: { code, message }, id: null });

/**
 * POST /mcp: the agent tools over MCP's streamable HTTP transport, stateless (one server per request, JSON
 * answers). The bearer names the user (see callerOf); every call then acts as that user. No token, an unknown,
 * revoked or unverifiable one: 401 before anything else runs.
 */
export function registerMcpRoutes(app: FastifyInstance, deps: McpHttpDeps): void {
  app.post('/mcp', async (req, reply) => {
    const userId = await callerOf(deps, bearerFrom(req.headers.authorization));
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
    app.route({
      method,
      url: '/mcp',
      handler: async (_req, reply) => rpcError(reply.header('allow', 'POST'), 405, -32000, 'method not allowed: POST JSON-RPC messages to /mcp'),
    });
  }
}
