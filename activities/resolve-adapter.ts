import { ApplicationFailure } from '@temporalio/common';
import { createAdapterForConfig } from '../adapters/core/factory';
import { toTemporalFailure } from '../adapters/core/errors';
import { postgresBudgets } from '../store/rate-budget';
import { annotateRun } from '../telemetry/activity-context';
import type { ActivityDeps, ResolvedAdapter } from './deps';

/** The failure type a deleted or mistyped config fails with; workflows/scheduled-sync.ts looks for it. */
export const CONFIG_NOT_FOUND = 'ConfigNotFound';

/**
 * The adapter for a config, through the injected resolver or the factory over the config store, paced by budgets in
 * Postgres (shared by every worker). A config that does not exist fails at once and for good, naming the id:
 * retrying cannot make it appear. Every other error is mapped to its Temporal failure.
 */
export async function resolveAdapter(deps: ActivityDeps, configId: string, actor: string): Promise<ResolvedAdapter> {
  try {
    annotateRun({ configId });
    const resolved = await build(deps, configId, actor);
    annotateRun({ connector: resolved.config.connector }); // every later log line and span of the activity names it
    return resolved;
  } catch (err) {
    const e = err as Error | undefined;
    if (e?.name === 'ConfigNotFoundError' || /^connector config "[^"]+" does not exist/.test(e?.message ?? '')) {
      const message = `config ${configId} does not exist (deleted or mistyped); ` + 'list configs with `fabric configs list`';
      throw ApplicationFailure.nonRetryable(message, CONFIG_NOT_FOUND, configId);
    }
    throw toTemporalFailure(err);
  }
}

function build(deps: ActivityDeps, configId: string, actor: string): Promise<ResolvedAdapter> {
  if (deps.adapterFor) return deps.adapterFor(configId, actor);
  if (!deps.configs) throw new Error('this worker has no config store; build its deps with buildActivityDeps()');
  return createAdapterForConfig(deps.configs, configId, { actor, budgets: deps.budgets ?? postgresBudgets(deps.db) });
}
