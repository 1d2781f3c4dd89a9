import type { ToolDefinition } from '../tool-kit';
import { inputJsonSchema } from '../tool-kit';
import { listAvailableConnectors, listConfigs } from './catalogue';
import { proposeMappingTool } from './mapping';
import { pushRecordTool } from './push';
import { fetchCustomersTool, searchRecordsTool } from './records';
import { getSyncStatusTool, startSyncTool } from './sync';

/** Every agent tool, defined once: LangGraph (agents/langgraph.ts) and MCP (agents/mcp-server.ts) serve this list. */
export const AGENT_TOOLS: readonly ToolDefinition[] = [
  listAvailableConnectors,
  listConfigs,
  searchRecordsTool,
  fetchCustomersTool,
  startSyncTool,
  getSyncStatusTool,
  pushRecordTool,
  proposeMappingTool,
] as unknown as readonly ToolDefinition[];

export function findTool(name: string): ToolDefinition | undefined {
  return AGENT_TOOLS.find((t) => t.name === name);
}

/** Name, description and JSON Schema of each tool: what a model or an MCP client is shown. */
export const toolManifest = () => AGENT_TOOLS.map((t) => ({ name: t.name, description: t.description, kind: t.kind, inputSchema: inputJsonSchema(t) }));
