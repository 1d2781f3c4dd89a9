import { getPauseState, type PauseState } from '../store/circuit';
import type { CliContext } from './context';

/** The circuit-breaker line `fabric status` leads with; empty when the config is not paused or the database is out of reach. */
export async function describePause(ctx: CliContext, configId: string): Promise<{ line?: string; state?: PauseState }> {
  try {
    const state = await getPauseState(await ctx.db(), configId);
    if (!state?.paused) return { state };
    return { state, line: `config ${configId} is PAUSED since ${state.pausedAt}: ${state.reason}` };
  } catch {
    return {}; // status still answers from Temporal alone
  }
}
