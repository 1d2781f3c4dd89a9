import { createAdapterForConfig } from '../adapters/core/factory';
import type { ActivityDeps, ResolvedAdapter } from './deps';

/** The adapter for a config, through the injected resolver or the registry-backed factory. */
export function resolveAdapter(deps: ActivityDeps, configId: string, actor: string): Promise<ResolvedAdapter> {
  if (deps.adapterFor) return deps.adapterFor(configId, actor);
  if (!deps.configs) throw new Error('this worker has no connector registry; build its deps with buildActivityDeps()');
  return createAdapterForConfig(deps.configs, configId, { actor });
}
