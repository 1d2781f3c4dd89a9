import type { Command } from 'commander';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { buildAgentContext } from '../../agents/build-context';
import { createMcpServer } from '../../agents/mcp-server';
import { createAgentToken, listAgentTokens, revokeAgentToken } from '../../agents/tokens';
import type { CliContext } from '../context';

/** Serves MCP on stdin/stdout until the client closes stdin. Nothing else may write to stdout meanwhile. */
async function serveStdio(ctx: CliContext, userId: string): Promise<void> {
  const agent = await buildAgentContext({
    db: await ctx.db(),
    temporal: await ctx.temporal(),
    taskQueue: ctx.target.taskQueue,
    userId,
    specDirs: ctx.env.FABRIC_AGENT_SPEC_DIRS,
  });
  const server = createMcpServer(agent);
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => resolve();
    process.stdin.once('end', () => void server.close());
  });
  await server.connect(new StdioServerTransport());
  ctx.io.err(`fabric mcp: serving ${agent.userId} on stdio`);
  await closed;
}

export function register(program: Command, ctx: CliContext): void {
  const mcp = program
    .command('mcp')
    .description('serve the agent tools over MCP on stdio, acting as one user (tokens: `fabric mcp token`)')
    .option('--user <uuid>', 'the user every tool call acts as (reads under RLS)')
    .action(async (o: { user?: string }) => {
      if (!o.user) throw new Error('--user <uuid>: name the user the MCP session acts as');
      await serveStdio(ctx, o.user);
    });

  const token = mcp.command('token').description('bearer tokens for the MCP endpoint POST /mcp on the HTTP server');
  // the user is positional here: `--user` belongs to `fabric mcp` itself, and commander gives it to the parent
  token
    .command('create <userId>')
    .description('a new token acting as userId; printed once')
    .option('--name <name>', 'a label for the token', 'mcp')
    .action(async (userId: string, o: { name: string }) => {
      const created = await createAgentToken(await ctx.db(), userId, o.name);
      ctx.print(`token ${created.id} for ${created.userId} (shown once, keep it secret):\n${created.token}`, created);
    });
  token
    .command('list [userId]')
    .description("tokens (never the secrets), all or one user's")
    .action(async (userId?: string) => {
      const rows = await listAgentTokens(await ctx.db(), userId);
      ctx.print(() => rows.map((t) => `${t.id} ${t.userId} ${t.name}${t.revokedAt ? ' (revoked)' : ''}`).join('\n') || 'no tokens', rows);
    });
  token.command('revoke <id>').action(async (id: string) => {
    if (!(await revokeAgentToken(await ctx.db(), id))) throw new Error(`token ${id}: no live token with that id; see \`fabric mcp token list\``);
    ctx.print(`token ${id} revoked`, { id, revoked: true });
  });
}
