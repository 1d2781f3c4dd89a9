import { InvalidArgumentError, type Command } from 'commander';
import type { CliContext } from '../context';
import { startMockApi } from '../../adapters/mock/server';

function number(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be a number from ${min} to ${max}; got "${value}"`);
    return n;
  };
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('mock-api')
    .description('serve the local fake API behind the demo `mock` connector (deterministic customers and invoices)')
    .requiredOption('--records <n>', 'records per model (generated on the fly, 1,000,000 is fine)', number('--records', 0, 100_000_000))
    .option('--port <p>', 'port to listen on (0 = any free port)', number('--port', 0, 65535), 0)
    .option('--host <h>', 'address to bind', '127.0.0.1')
    .option('--latency-ms <l>', 'delay before every response', number('--latency-ms', 0), 0)
    .option('--error-rate <r>', 'share of requests answered 503', number('--error-rate', 0, 1), 0)
    .option('--rate-limit-rate <r>', 'share of requests answered 429 with Retry-After', number('--rate-limit-rate', 0, 1), 0)
    .option('--limit-rps <n>', 'answer 429 with Retry-After past N requests/s per API key (0 = no limit)', number('--limit-rps', 0), 0)
    .option('--retry-after <s>', 'Retry-After seconds sent with a 429', number('--retry-after', 0), 1)
    .option('--seed <s>', 'seed of the generated data', number('--seed', 0), 42)
    .option('--mutate-every-ms <m>', 'change one record per model every M ms (0 = never)', number('--mutate-every-ms', 0), 0)
    .option('--duration-ms <d>', 'stop after D ms (default: run until Ctrl-C)', number('--duration-ms', 1))
    .action(
      async (o: {
        records: number;
        port: number;
        host: string;
        latencyMs: number;
        errorRate: number;
        rateLimitRate: number;
        limitRps: number;
        retryAfter: number;
        seed: number;
        mutateEveryMs: number;
        durationMs?: number;
      }) => {
        const api = await startMockApi({
          records: o.records,
          port: o.port,
          host: o.host,
          seed: o.seed,
          latencyMs: o.latencyMs,
          errorRate: o.errorRate,
          rateLimitRate: o.rateLimitRate,
          retryAfterSeconds: o.retryAfter,
          mutateEveryMs: o.mutateEveryMs,
          limitRps: o.limitRps,
          log: (line) => ctx.io.err(line),
        });
        ctx.print(`mock API listening on ${api.url} (${o.records} customers and invoices, seed ${o.seed}); connector config: {"baseUrl":"${api.url}"}`, {
          url: api.url,
          port: api.port,
          records: o.records,
          seed: o.seed,
        });
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            process.off('SIGINT', done);
            process.off('SIGTERM', done);
            resolve();
          };
          const timer = o.durationMs ? setTimeout(done, o.durationMs) : undefined;
          process.once('SIGINT', done);
          process.once('SIGTERM', done);
        });
        await api.stop();
        const s = api.stats;
        ctx.print(
          `mock API stopped after ${s.requests} requests: ${s.rateLimited} answered 429 ` +
            `(${s.overLimit} over --limit-rps), ` +
            `${s.failed} answered 503, ${s.earlyRetries} early retries`,
          { stopped: true, stats: s },
        );
      },
    );
}
