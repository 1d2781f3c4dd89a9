import { proxyActivities, upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { SA } from '../contracts/search-attributes';

/** Each token endpoint gets 30 s; a failed refresh is reported per token and retried on the next tick, not here. */
const { refreshExpiringCredentials } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', maximumAttempts: 3 },
});

/** OAuth2 upkeep, run by the `credentials-refresh` Schedule: refreshes tokens that expire within the window. */
export async function credentialUpkeepWorkflow(input: { withinSeconds?: number } = {}) {
  upsertSearchAttributes([{ key: SA.action, value: 'credentials-refresh' }]);
  const result = await refreshExpiringCredentials({ withinSeconds: input.withinSeconds ?? 600 });
  upsertSearchAttributes([{ key: SA.recordsProcessed, value: result.refreshed.length }]);
  upsertMemo({ summary: `refreshed ${result.refreshed.length} token(s), ${result.failed.length} failed` });
  return result;
}
