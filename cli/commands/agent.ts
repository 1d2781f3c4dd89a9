import type { Command } from 'commander';
import { buildAgentContext } from '../../agents/build-context';
import { askAgent } from '../../agents/langgraph';
import { claudeChatModel } from '../../agents/model';
import type { CliContext } from '../context';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('agent <question>')
    .description('ask the LangGraph agent (Claude with the fabric tools) one question, acting as a user')
    .requiredOption('--user <uuid>', 'the user the agent acts as (reads under RLS)')
    .option('--model <name>', 'Claude model (default ANTHROPIC_MODEL)')
    .option('--base-url <url>', 'Messages API base URL (default ANTHROPIC_BASE_URL or the Anthropic API)')
    .action(async (question: string, o: { user: string; model?: string; baseUrl?: string }) => {
      const env = ctx.env;
      const model = claudeChatModel({ apiKey: env.ANTHROPIC_API_KEY, baseURL: o.baseUrl ?? env.ANTHROPIC_BASE_URL, model: o.model ?? env.ANTHROPIC_MODEL });
      const agent = await buildAgentContext({
        db: await ctx.db(),
        temporal: await ctx.temporal(),
        taskQueue: ctx.target.taskQueue,
        userId: o.user,
        specDirs: env.FABRIC_AGENT_SPEC_DIRS,
      });
      const { answer, toolCalls } = await askAgent(agent, model, question);
      ctx.print(() => [...toolCalls.map((c) => `→ ${c.name} ${JSON.stringify(c.args)}`), answer].join('\n'), { answer, toolCalls });
    });
}
