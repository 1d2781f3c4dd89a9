import pino, { type DestinationStream, type Level, type Logger } from 'pino';
import type { AdapterLogger } from '../adapters/core/types';
import { runContext } from './activity-context';
import { redactLogText, rememberSecretSettings } from './log-redact';

/**
 * The one structured logger: JSON lines from pino, used by the worker, activities, the adapters' HTTP layer, the
 * server, the dev stack and the CLI. Each line carries the workflow ID, run ID, activity, config ID and connector
 * of the activity it was logged in (telemetry/activity-context.ts); workflow lines get theirs through Temporal's
 * logger sink (telemetry/temporal-logger.ts). Every line is redacted (telemetry/log-redact.ts) before it is written.
 *
 * Where lines go: stdout, or FABRIC_LOG_FILE (`{pid}` in it becomes the process ID, so processes sharing a
 * directory never interleave). LOG_LEVEL sets the level. Entry points name their process with configureLogging.
 */
const LEVELS: readonly Level[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];
const ECHO = /"level":"(warn|error|fatal)"/;

/** Where lines are written; swapped by configureLogging without touching the loggers already handed out. */
const sink: DestinationStream & { target: DestinationStream; echo?: DestinationStream } = {
  target: pino.destination({ dest: 1, sync: true }),
  write(line: string) {
    this.target.write(line);
    if (this.echo && ECHO.test(line)) this.echo.write(line);
  },
};

const levelOf = (text: string | undefined, fallback: Level): Level => (LEVELS.includes(text as Level) ? (text as Level) : fallback);
const fileOf = (path: string) => pino.destination({ dest: path.replace(/\{pid\}/g, String(process.pid)), mkdir: true, append: true, sync: true });

if (process.env.FABRIC_LOG_FILE) sink.target = fileOf(process.env.FABRIC_LOG_FILE);
rememberSecretSettings(process.env);

export const logger: Logger = pino(
  {
    level: levelOf(process.env.LOG_LEVEL, 'info'),
    base: { pid: process.pid, service: process.env.OTEL_SERVICE_NAME ?? 'connectivity-fabric' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    // the fields of the activity this line was logged in; a line's own fields win
    mixin: () => {
      const ctx = runContext.getStore();
      if (!ctx) return {};
      const out: Record<string, string> = {};
      if (ctx.workflowId) out.workflowId = ctx.workflowId;
      if (ctx.runId) out.runId = ctx.runId;
      if (ctx.activity) out.activity = ctx.activity;
      if (ctx.configId) out.configId = ctx.configId;
      if (ctx.connector) out.connector = ctx.connector;
      return out;
    },
    // whole objects that only hold secrets; everything else is caught on the serialised line
    redact: { paths: ['secrets', 'credentials', '*.secrets', '*.credentials', 'headers.authorization', '*.headers.authorization'], censor: '[redacted]' },
    hooks: { streamWrite: redactLogText },
  },
  sink,
);

export interface LoggingOptions {
  /** The process's name on every line (`service`): worker, server, dev, cli, ... */
  service?: string;
  level?: string;
  /** A file instead of stdout (FABRIC_LOG_FILE); 'stderr' writes to standard error (the CLI's stdout is its output). */
  destination?: string;
  /** Also copy warnings and errors to standard error (the dev stack writes its lines to a file). */
  echoWarnings?: boolean;
}

/** Called once by each entry point (worker.ts, server/main.ts, scripts/dev.ts, the CLI, the tests' helpers). */
export function configureLogging(o: LoggingOptions): void {
  if (o.service) logger.setBindings({ service: o.service });
  if (o.level) logger.level = levelOf(o.level, logger.level as Level);
  if (o.destination === 'stderr') sink.target = pino.destination({ dest: 2, sync: true });
  else if (o.destination) sink.target = fileOf(o.destination);
  sink.echo = o.echoWarnings ? pino.destination({ dest: 2, sync: true }) : undefined;
}

/** A logger for one part of the system: `component` on each of its lines. */
export function componentLogger(component: string, fields: Record<string, unknown> = {}): Logger {
  return logger.child({ component, ...fields });
}

/**
 * The adapters' structured sink (adapters/core/types.ts) on top of the logger: `meta` becomes the line's fields
 * (the HTTP client puts the connector there; bindings would repeat the run context's keys).
 */
export function adapterLogger(): AdapterLogger {
  const child = logger.child({ component: 'adapter' });
  return {
    debug: (message, meta) => child.debug(meta ?? {}, message),
    info: (message, meta) => child.info(meta ?? {}, message),
    warn: (message, meta) => child.warn(meta ?? {}, message),
    error: (message, meta) => child.error(meta ?? {}, message),
  };
}

/**
 * A log function that writes at most one line per `intervalMs`; the next line it writes says how many it skipped.
 * For failures that can repeat thousands of times a second (every webhook request while the database is down).
 */
export function throttledLog(target: Logger, level: 'warn' | 'error', intervalMs: number) {
  let last = 0;
  let skipped = 0;
  return (fields: Record<string, unknown>, message: string): void => {
    const now = Date.now();
    if (now - last < intervalMs) {
      skipped++;
      return;
    }
    last = now;
    target[level]({ ...fields, ...(skipped > 0 ? { skipped } : {}) }, message);
    skipped = 0;
  };
}

/** An error as log fields: its name, message and first stack frames (pino's err serializer, shortened). */
export function errFields(err: unknown): { err: { type: string; message: string; stack?: string } } {
  const e = err instanceof Error ? err : new Error(String(err));
  return { err: { type: e.name, message: e.message, stack: e.stack?.split('\n').slice(0, 6).join('\n') } };
}
