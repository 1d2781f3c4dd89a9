import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import { tool, type StructuredToolInterface } from '@langchain/core/tools';
import { END, MessagesAnnotation, START, StateGraph } from '@langchain/langgraph';
import { ToolNode, toolsCondition } from '@langchain/langgraph/prebuilt';
import type { AgentContext } from './context';
import { runTool, type ToolDefinition } from './tool-kit';
import { AGENT_TOOLS } from './tools';

export const AGENT_SYSTEM_PROMPT =
  'You help a user of Connectivity Fabric, an integration engine, with their connected systems. Use the tools to ' +
  'answer from real data; never guess counts or ids. Start with list_configs when you need a config id. Writes ' +
  '(push_record) are only proposed: tell the user they await approval and give the approve command.';

/** LangChain tools built from the same definitions as the MCP server; a failure comes back as `{ "error": ... }`. */
export function langChainTools(ctx: AgentContext, defs: readonly ToolDefinition[] = AGENT_TOOLS): StructuredToolInterface[] {
  return defs.map((def) =>
    tool(
      async (input: unknown) => {
        const outcome = await runTool(def, ctx, input);
        return JSON.stringify(outcome.ok ? outcome.result : { error: outcome.error });
      },
      { name: def.name, description: def.description, schema: def.input },
    ),
  );
}

type ToolCallingModel = BaseChatModel & { bindTools: NonNullable<BaseChatModel['bindTools']> };

/** The usual agent loop: a model node, a ToolNode, and toolsCondition routing between them until no tool is called. */
export function createAgentGraph(model: ToolCallingModel, tools: StructuredToolInterface[], system = AGENT_SYSTEM_PROMPT) {
  const bound = model.bindTools(tools);
  const callModel = async (state: typeof MessagesAnnotation.State) => ({
    messages: [await bound.invoke([new SystemMessage(system), ...state.messages])],
  });
  return new StateGraph(MessagesAnnotation)
    .addNode('agent', callModel)
    .addNode('tools', new ToolNode(tools))
    .addEdge(START, 'agent')
    .addConditionalEdges('agent', toolsCondition, ['tools', END])
    .addEdge('tools', 'agent')
    .compile();
}

export interface AgentAnswer {
  answer: string;
  toolCalls: Array<{ name: string; args: Record<string, unknown> }>;
  messages: BaseMessage[];
}

/** Runs the graph once on a question; recursionLimit bounds a model that never stops calling tools. */
export async function askAgent(ctx: AgentContext, model: ToolCallingModel, question: string, recursionLimit = 24): Promise<AgentAnswer> {
  const graph = createAgentGraph(model, langChainTools(ctx));
  const final = await graph.invoke({ messages: [new HumanMessage(question)] }, { recursionLimit });
  const messages = final.messages;
  const toolCalls = messages.flatMap((m) => (AIMessage.isInstance(m) ? (m.tool_calls ?? []) : [])).map((c) => ({ name: c.name, args: c.args }));
  const last = messages.at(-1);
  const answer =
    typeof last?.content === 'string'
      ? last.content
      : (last?.content ?? []).map((part) => (typeof part === 'string' ? part : 'text' in part ? String(part.text) : '')).join('');
  return { answer, toolCalls, messages };
}
