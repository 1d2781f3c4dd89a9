import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { AgentContext } from './context';
import { inputJsonSchema, runTool, type ToolOutcome } from './tool-kit';
import { AGENT_TOOLS, findTool } from './tools';

const INSTRUCTIONS =
  'Connectivity Fabric: read your synced records (search_records, fetch_customers), start syncs, and propose ' +
  'writes. push_record only proposes: a person approves with `fabric push approve <push_id>`.';

const toResult = (outcome: ToolOutcome): CallToolResult => {
  const body = outcome.ok ? (outcome.result as Record<string, unknown>) : { error: outcome.error };
  return { content: [{ type: 'text', text: JSON.stringify(body) }], structuredContent: body, ...(outcome.ok ? {} : { isError: true }) };
};

/**
 * The agent tools over MCP, for one caller: the context carries the user id (from --user on stdio, from the token
 * over HTTP). Input is validated by the tools' own zod schemas, so a bad call gets a tool error with field paths
 * (isError, a result the model sees) rather than a protocol error.
 */
export function createMcpServer(ctx: AgentContext): Server {
  const server = new Server({ name: 'connectivity-fabric', version: '0.1.0' }, { capabilities: { tools: {} }, instructions: INSTRUCTIONS });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: AGENT_TOOLS.map((t) => ({
      name: t.name,
      description: t.description,
      inputSchema: inputJsonSchema(t) as { type: 'object' },
      annotations: { readOnlyHint: t.kind === 'read', destructiveHint: false, openWorldHint: t.kind === 'act' },
    })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const def = findTool(request.params.name);
    if (!def) {
      const known = AGENT_TOOLS.map((t) => t.name).join(', ');
      return toResult({ ok: false, error: { code: 'not_found', message: `no tool ${request.params.name}; tools: ${known}` } });
    }
    return toResult(await runTool(def, ctx, request.params.arguments));
  });
  return server;
}
