import { getPauseState, type PauseState } from '../store/circuit';
import type { CliContext } from './context';

/** The line `fabric status` leads with when the circuit breaker paused the config (none without a database). */
export async function describePause(ctx: CliContext, configId: string): Promise<{ line?: string; state?: PauseState }> {
  try {
    const state = await getPauseState(await ctx.db(), configId);
    if (!state?.paused) return { state };
    return { state, line: `config ${configId} is PAUSED since ${state.pausedAt}: ${state.reason}` };
  } catch {
    return {}; // status still answers from Temporal alone
  }
}
