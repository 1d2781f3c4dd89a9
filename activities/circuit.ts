import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { ScheduleNotFoundError } from '@temporalio/client';
import { pauseConfig, recordFailure } from '../store/circuit';
import type { Db } from '../store/db';
import { databaseIdentity } from '../store/database-identity';
import { componentLogger } from '../telemetry/logger';
import { metrics } from '../telemetry/metrics';

/** Attempts in a row that fail without committing anything before the breaker opens (about 10 minutes of backoff). */
export const FAILURES_BEFORE_PAUSE = 12;
export const CIRCUIT_OPEN = 'CircuitOpen';

/** The schedule ID client/ids.ts gives a config (activities do not import the client package). */
const scheduleIdOf = (configId: string) => `sync-schedule:${configId}`;

interface FailureLike {
  message: string;
  type?: string | null;
  nonRetryable?: boolean;
}

const fixFor = (configId: string, auth: boolean) =>
  auth
    ? `store a working credential with \`fabric configs set-secret ${configId} --secret <name>=<value>\` ` +
      `(that resumes the config), or fix the access and run \`fabric configs resume ${configId}\``
    : `fix the cause, then run \`fabric configs resume ${configId}\``;

/**
 * Opens the circuit: the config is marked `error` with a reason that names the fix, and its schedule is paused
 * with that note, so no tick hammers a vendor that refuses us. `fabric configs resume` or a new credential clears it.
 */
export async function tripCircuit(db: Db, configId: string, reason: string): Promise<void> {
  await pauseConfig(db, configId, reason);
  await onSchedule(configId, (handle) => handle.pause(reason.slice(0, 1000)));
  const res = await db.query<{ connector: string }>('select connector from public.connector_configs where id = $1', [configId]);
  const connector = res.rows[0]?.connector ?? 'unknown';
  metrics.circuitBreakerTripped(connector);
  log.warn({ configId, connector, reason }, `circuit breaker opened: config ${configId} paused`);
}

const log = componentLogger('circuit');

/**
 * A config that no longer exists keeps no schedule: its ticks could only fail. A schedule that names another
 * database (`fabric dev` on a new DATABASE_URL, a second deployment on one Temporal) is left alone: its config may
 * well exist there, and a sync that outlived its worker can reach a worker on this database.
 */
export async function removeOrphanSchedule(db: Db, configId: string): Promise<void> {
  const here = await databaseIdentity(db);
  await onSchedule(configId, async (handle) => {
    const owner = (await handle.describe()).memo?.databaseId;
    if (typeof owner === 'string' && owner !== here) {
      log.warn({ configId, owner, here }, `config ${configId} is not in this database; its schedule belongs to database ${owner} and stays`);
      return;
    }
    await handle.delete();
  });
}

type ScheduleHandle = ReturnType<Context['client']['schedule']['getHandle']>;

async function onSchedule(configId: string, action: (handle: ScheduleHandle) => Promise<void>): Promise<void> {
  let client;
  try {
    client = Context.current().client;
  } catch {
    return; // run outside a worker (a test's activity environment): there is no schedule to touch
  }
  try {
    await action(client.schedule.getHandle(scheduleIdOf(configId)));
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
  }
}

/**
 * What a failed sync step throws. Credentials refused (401/403) open the circuit at once; a retryable failure
 * counts towards a run of failures (reset by any committed batch) and opens it when the run is long. Otherwise the
 * failure goes back to Temporal unchanged (with its nextRetryDelay).
 */
export async function failureAfterCircuit(db: Db, configId: string, failure: FailureLike): Promise<Error> {
  const auth = failure.type === 'AuthError';
  if (auth) {
    const reason = `${failure.message}. Config paused: ${fixFor(configId, true)}`;
    await tripCircuit(db, configId, reason);
    return ApplicationFailure.nonRetryable(reason, CIRCUIT_OPEN);
  }
  if (failure.nonRetryable) return failure as Error;
  const run = await recordFailure(db, configId);
  if (run < FAILURES_BEFORE_PAUSE) return failure as Error;
  const reason = `${run} attempts in a row failed, the last with: ${failure.message}. Config paused: ${fixFor(configId, false)}`;
  await tripCircuit(db, configId, reason);
  return ApplicationFailure.nonRetryable(reason, CIRCUIT_OPEN);
}
