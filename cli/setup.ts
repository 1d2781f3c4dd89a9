import type { Client, ConnectionLike as Connection } from '@temporalio/client';
import { ensureCredentialRefreshSchedule, CREDENTIALS_REFRESH_SCHEDULE_ID } from '../client/schedules';
import { addSearchAttributes, missingSearchAttributes, searchAttributeCommands } from '../client/search-attributes';
import type { Db } from '../store/db';
import { loadMigrations, migrate } from '../store/migrate';

/** One thing a working target needs: what was found or done, and when it is not ok, the exact fix. */
export interface SetupStep {
  step: 'namespace' | 'migrations' | 'search attributes' | 'system schedules';
  ok: boolean;
  detail: string;
  fix?: string;
}

export interface SetupTarget {
  db: () => Promise<Db>;
  connection: Connection;
  client: Client;
  namespace: string;
  taskQueue: string;
  address: string;
}

const message = (err: unknown) => (err as { details?: string }).details || (err as Error).message;

async function namespaceStep(t: SetupTarget): Promise<SetupStep> {
  try {
    await t.connection.workflowService.describeNamespace({ namespace: t.namespace });
    return { step: 'namespace', ok: true, detail: `${t.namespace} exists on ${t.address}` };
  } catch (err) {
    return {
      step: 'namespace',
      ok: false,
      detail: `${t.namespace} on ${t.address}: ${message(err)}`,
      fix:
        `create it: \`temporal operator namespace create --address ${t.address} --namespace ${t.namespace}\` ` +
        '(Temporal Cloud: create it in the Cloud UI or with `tcld namespace create`), or set TEMPORAL_NAMESPACE',
    };
  }
}

async function pendingMigrations(db: Db): Promise<string[]> {
  const applied = await db.query<{ version: string }>('select version from fabric_meta.schema_migrations').then(
    (r) => new Set(r.rows.map((row) => row.version)),
    () => new Set<string>(),
  );
  return loadMigrations()
    .filter((m) => !applied.has(m.version))
    .map((m) => `${m.version}_${m.name}`);
}

async function migrationsStep(t: SetupTarget, apply: boolean, log: (l: string) => void): Promise<SetupStep> {
  try {
    const db = await t.db();
    if (apply) {
      const report = await migrate(db, { log });
      return { step: 'migrations', ok: true, detail: `${db.kind}: ${report.applied.length} applied now, ${report.alreadyApplied.length} already there` };
    }
    const pending = await pendingMigrations(db);
    return pending.length === 0
      ? { step: 'migrations', ok: true, detail: `${db.kind}: all ${loadMigrations().length} applied` }
      : { step: 'migrations', ok: false, detail: `${db.kind}: ${pending.length} pending (${pending.join(', ')})`, fix: 'run `fabric setup`' };
  } catch (err) {
    return { step: 'migrations', ok: false, detail: `database: ${message(err)}`, fix: 'check DATABASE_URL (or PGLITE_DIR)' };
  }
}

async function searchAttributesStep(t: SetupTarget, apply: boolean): Promise<SetupStep> {
  const step = 'search attributes' as const;
  try {
    const missing = await missingSearchAttributes(t.connection, t.namespace);
    if (missing.length === 0) return { step, ok: true, detail: `all registered in ${t.namespace}` };
    const fix =
      `run \`fabric setup\`, or where the server refuses it (Temporal Cloud), run:\n` +
      searchAttributeCommands(t.namespace, missing, t.address)
        .map((c) => `    ${c}`)
        .join('\n');
    if (!apply) return { step, ok: false, detail: `missing in ${t.namespace}: ${missing.join(', ')}`, fix };
    try {
      await addSearchAttributes(t.connection, t.namespace, missing);
      return { step, ok: true, detail: `registered ${missing.join(', ')} in ${t.namespace}` };
    } catch (err) {
      return {
        step,
        ok: false,
        detail: `the server refused to register ${missing.join(', ')} in ${t.namespace}: ${message(err)}`,
        fix:
          `run these yourself, then \`fabric setup\` again:\n` +
          searchAttributeCommands(t.namespace, missing, t.address)
            .map((c) => `    ${c}`)
            .join('\n'),
      };
    }
  } catch (err) {
    return { step, ok: false, detail: `cannot list them in ${t.namespace}: ${message(err)}`, fix: 'check the namespace and TEMPORAL_API_KEY' };
  }
}

async function schedulesStep(t: SetupTarget, apply: boolean): Promise<SetupStep> {
  const step = 'system schedules' as const;
  try {
    if (apply) {
      const r = await ensureCredentialRefreshSchedule(t.client, t.taskQueue);
      return { step, ok: true, detail: `${r.scheduleId} ${r.created ? 'created' : 'already there'} (task queue ${t.taskQueue})` };
    }
    await t.client.schedule.getHandle(CREDENTIALS_REFRESH_SCHEDULE_ID).describe();
    return { step, ok: true, detail: `${CREDENTIALS_REFRESH_SCHEDULE_ID} exists` };
  } catch (err) {
    return { step, ok: false, detail: `${CREDENTIALS_REFRESH_SCHEDULE_ID}: ${message(err)}`, fix: 'run `fabric setup`' };
  }
}

/**
 * Brings a target (database + Temporal namespace) to a working state, or with apply=false only checks it
 * (`fabric doctor`). Idempotent: every step first looks, then adds only what is missing. The namespace comes
 * first: nothing else can work without it.
 */
export async function runSetup(t: SetupTarget, o: { apply: boolean; log?: (l: string) => void }): Promise<SetupStep[]> {
  const log = o.log ?? (() => undefined);
  const namespace = await namespaceStep(t);
  const migrations = await migrationsStep(t, o.apply, log);
  if (!namespace.ok) return [namespace, migrations];
  return [namespace, migrations, await searchAttributesStep(t, o.apply), await schedulesStep(t, o.apply)];
}

export const describeSteps = (steps: SetupStep[]) =>
  steps.map((s) => `${s.ok ? 'ok  ' : 'FAIL'} ${s.step.padEnd(18)} ${s.detail}${s.fix ? `\n     fix: ${s.fix}` : ''}`).join('\n');
