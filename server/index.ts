import { buildApp } from './app';
import { ProcessingKicker } from './kicker';
import { DEFAULT_LIMITS, type ServerDeps, type ServerLimits } from './types';

export type { ServerDeps, ServerLimits, WebhookEndpoint, EndpointResolver } from './types';
export { buildApp } from './app';
export { webhookEndpointResolver } from './endpoints';

export interface RunningServer {
  url: string;
  kicker?: ProcessingKicker;
  /** Graceful: stops accepting, answers requests in flight, stores what they carried, kicks processing, closes. */
  close(): Promise<void>;
}

/** Starts the webhook/API server; scripts/dev.ts and the benchmark call this. */
export async function startHttpServer(
  deps: ServerDeps,
  opts: { host: string; port: number; limits?: Partial<ServerLimits>; kickTickMs?: number; kickBusyIntervalMs?: number },
): Promise<RunningServer> {
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const kicker = deps.temporal
    ? new ProcessingKicker(deps.db, deps.temporal, {
        tickMs: opts.kickTickMs ?? 50,
        busyIntervalMs: opts.kickBusyIntervalMs ?? 500,
        sweepIntervalMs: limits.sweepIntervalMs,
      })
    : undefined;
  const { app, writer } = buildApp(deps, limits, kicker ? (ids) => kicker.mark(ids) : undefined);
  const address = await app.listen({ host: opts.host, port: opts.port });
  kicker?.start();
  let closing: Promise<void> | undefined;
  return {
    url: address,
    kicker,
    close() {
      closing ??= (async () => {
        await app.close();
        await writer.drain();
        await kicker?.stop();
      })();
      return closing;
    },
  };
}
