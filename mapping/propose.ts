import { proposeWithClaude } from './claude';
import type { MappableModel } from './format';
import { proposeHeuristic, type Proposal } from './heuristic';
import type { CandidateResource } from './spec-parser';

export interface ProposeOptions {
  /** from config/env.ts: ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL, ANTHROPIC_MODEL */
  anthropic?: { apiKey?: string; baseURL?: string; model: string; maxAttempts?: number };
}

/** Claude when a key is configured, the heuristic mapper otherwise or when Claude gives no valid answer. */
export async function proposeMapping(resource: CandidateResource, model: MappableModel, sourceSystem: string, options: ProposeOptions = {}): Promise<Proposal> {
  const a = options.anthropic;
  if (!a?.apiKey) return { ...proposeHeuristic(resource, model, sourceSystem), notes: ['no ANTHROPIC_API_KEY: heuristic mapper'] };
  try {
    return await proposeWithClaude(resource, model, sourceSystem, { apiKey: a.apiKey, baseURL: a.baseURL, model: a.model, maxAttempts: a.maxAttempts });
  } catch (err) {
    const fallback = proposeHeuristic(resource, model, sourceSystem);
    // the SDK's messages never include the key; keep only the first line
    const why = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    return { ...fallback, notes: [`Claude failed (${why}); heuristic mapper used instead`] };
  }
}
