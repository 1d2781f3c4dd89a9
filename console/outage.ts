import { FabricError } from '../config/errors';
/**
 * Tells a lost dependency apart from a bug, so a page can say "Postgres is unreachable" in a banner instead of
 * showing a stack trace. Messages shown to the user are fixed sentences; the original error goes to the log only.
 */
export type Dependency = 'postgres' | 'temporal';

export class OutageError extends FabricError {
  constructor(
    readonly dependency: Dependency,
    cause: unknown,
  ) {
    super(`${dependency} is unreachable`, { cause });
  }
}

const NET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'EPIPE', 'EAI_AGAIN']);
const PG_DOWN_MESSAGE = new RegExp(
  ['Connection terminated', 'connection timeout', 'timeout exceeded when trying to connect', 'Client has encountered a connection error'].join('|'),
  'i',
);
const TEMPORAL_DOWN_MESSAGE = /UNAVAILABLE|DEADLINE_EXCEEDED|Failed to connect|connect ECONNREFUSED/i;
// gRPC status codes: 14 UNAVAILABLE, 4 DEADLINE_EXCEEDED
const GRPC_DOWN = new Set([4, 14]);

function chain(err: unknown): Array<{ code?: unknown; message?: string; name?: string }> {
  const out: Array<{ code?: unknown; message?: string; name?: string }> = [];
  let cur = err as { code?: unknown; message?: string; cause?: unknown } | undefined;
  for (let i = 0; cur && i < 6; i++, cur = cur.cause as typeof cur) out.push(cur);
  if (err instanceof AggregateError) for (const e of err.errors) out.push(e as { code?: unknown; message?: string });
  return out;
}

export function isPostgresDown(err: unknown): boolean {
  return chain(err).some(({ code, message = '' }) => {
    // SQLSTATE class 08 is connection exceptions; 57P01-03 are an admin shutdown, a crash shutdown, cannot connect now
    if (typeof code === 'string' && (NET_CODES.has(code) || code.startsWith('08') || /^57P0[1-3]$/.test(code))) {
      return true;
    }
    return PG_DOWN_MESSAGE.test(message);
  });
}

export function isTemporalDown(err: unknown): boolean {
  return chain(err).some(
    ({ code, message = '', name }) =>
      (typeof code === 'number' && GRPC_DOWN.has(code)) ||
      (name === 'ServiceError' && TEMPORAL_DOWN_MESSAGE.test(message)) ||
      /^(14 UNAVAILABLE|4 DEADLINE_EXCEEDED)/.test(message),
  );
}

export function classify(err: unknown): OutageError | undefined {
  if (err instanceof OutageError) return err;
  if (isPostgresDown(err)) return new OutageError('postgres', err);
  if (isTemporalDown(err)) return new OutageError('temporal', err);
  return undefined;
}

export const BANNER_TEXT: Record<Dependency, string> = {
  postgres:
    'The database (Postgres) cannot be reached right now. Configs, runs and webhooks cannot be shown; ' +
    'this page will work again when the connection is back. Check DATABASE_URL and that the server is up.',
  temporal:
    'Temporal cannot be reached right now. Live progress, schedules and syncs are unavailable; stored ' +
    'configs and run history below are still shown. Check TEMPORAL_ADDRESS and that the Temporal server is up.',
};

/** Runs a Temporal call; a lost connection becomes { down } so the rest of the page still renders. */
export async function soft<T>(fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; down: Dependency }> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    const outage = classify(err);
    if (outage) return { ok: false, down: outage.dependency };
    throw err;
  }
}
