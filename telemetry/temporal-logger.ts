import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import { logger } from './logger';

const RANK: Record<LogLevel, number> = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4 };
const PINO = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;
/** Lines our own code logs through Temporal's loggers (workflow `log`, activity `Context.log`). */
const USER_COMPONENTS = new Set(['workflow', 'activity']);

/**
 * The Temporal SDK runtime's logger (Runtime.install, worker.ts) on top of ours: the workflow logger sink, activity
 * context loggers, the worker's and the Rust core's own lines all become pino lines. Workflow lines arrive with the
 * workflow's IDs in their metadata (workflowId, runId, workflowType) and, through workflows/log-attributes.ts, its
 * config ID and connector. The SDK's own lines (sdkComponent worker or core) are kept from `sdkLevel` up, so
 * LOG_LEVEL=info shows our workflows' lines without the SDK's chatter.
 */
export function temporalLogger(sdkLevel: LogLevel = 'WARN'): TemporalLogger {
  const child = logger.child({ component: 'temporal' });
  const log = (level: LogLevel, message: string, meta?: LogMetadata) => {
    const component = meta?.sdkComponent as string | undefined;
    if (!USER_COMPONENTS.has(component ?? '') && RANK[level] < RANK[sdkLevel]) return;
    const fields: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(meta ?? {})) {
      if (v === undefined) continue;
      // a failure object in metadata: its message and type, not the SDK's whole proto-ish structure
      fields[k] = v instanceof Error ? { type: v.name, message: v.message, stack: v.stack?.split('\n').slice(0, 6).join('\n') } : v;
    }
    child[PINO[level]](fields, message);
  };
  return {
    log,
    trace: (m, meta) => log('TRACE', m, meta),
    debug: (m, meta) => log('DEBUG', m, meta),
    info: (m, meta) => log('INFO', m, meta),
    warn: (m, meta) => log('WARN', m, meta),
    error: (m, meta) => log('ERROR', m, meta),
  };
}
