import { ChatAnthropic } from '@langchain/anthropic';
import type { Env } from '../config/env';

export interface ClaudeOptions {
  apiKey?: string;
  /** Any server that speaks the Messages API (the Anthropic API by default; tests use a local one). */
  baseURL?: string;
  model?: string;
  maxTokens?: number;
}

/** Claude through LangChain's Anthropic integration; model and base URL come from the options or ANTHROPIC_*. */
export function claudeChatModel(o: ClaudeOptions = {}): ChatAnthropic {
  if (!o.apiKey) {
    throw new Error('ANTHROPIC_API_KEY is unset: the agent needs Claude (or ANTHROPIC_BASE_URL pointing at a Messages API)');
  }
  return new ChatAnthropic({
    apiKey: o.apiKey,
    anthropicApiUrl: o.baseURL,
    model: o.model ?? 'claude-sonnet-4-5',
    maxTokens: o.maxTokens ?? 2048,
    temperature: 0,
    maxRetries: 2,
  });
}

export const claudeOptionsFromEnv = (env: Env): ClaudeOptions => ({
  apiKey: env.ANTHROPIC_API_KEY,
  baseURL: env.ANTHROPIC_BASE_URL,
  model: env.ANTHROPIC_MODEL,
});
