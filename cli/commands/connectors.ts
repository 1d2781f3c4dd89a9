import type { Command } from 'commander';
import type { ZodType } from 'zod';
import type { CliContext } from '../context';
import type { ConnectorDef } from '../../store/connectors';

export interface KnownAdapter extends ConnectorDef {
  configSchema?: ZodType;
  /** The canonical models the connector reads and writes. */
  models?: string[];
}

/**
 * The connectors this build knows, from the adapter catalogue (adapters/core/catalogue.ts), loaded lazily so the
 * CLI still works when adapters are absent or broken: then the list is empty and configs are not validated.
 */
export function knownAdapters(): { adapters: KnownAdapter[]; problem?: string } {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional plugin layer, loaded on demand
    const mod = require('../../adapters/core/catalogue') as {
      listAdapters?: () => Array<{
        name: string;
        version: string;
        description?: string;
        capabilities: readonly string[];
        models: readonly string[];
        configSchema: ZodType;
      }>;
    };
    if (typeof mod.listAdapters !== 'function') return { adapters: [], problem: 'adapters/core/catalogue.ts has no listAdapters()' };
    return {
      adapters: mod.listAdapters().map((a) => ({
        name: a.name,
        version: a.version,
        description: a.description,
        capabilities: [...a.capabilities],
        models: [...(a.models ?? [])],
        configSchema: a.configSchema,
      })),
    };
  } catch (err) {
    return { adapters: [], problem: `could not load the adapter catalogue: ${(err as Error).message}` };
  }
}

export function register(program: Command, ctx: CliContext): void {
  const connectors = program.command('connectors').description('the connectors this build knows');
  connectors
    .command('list')
    .description('list connectors: name, version, capabilities, models, and how many configs each has')
    .action(async () => {
      const { adapters, problem } = knownAdapters();
      if (problem) ctx.io.err(`warning: ${problem}`);
      let counts = new Map<string, number>();
      try {
        const db = await ctx.db();
        const res = await db.query<{ connector: string; n: number }>('select connector, count(*)::int as n from public.connector_configs group by connector');
        counts = new Map(res.rows.map((r) => [r.connector, r.n]));
      } catch (err) {
        ctx.io.err(`warning: config counts unavailable (${(err as Error).message}); run \`fabric migrate\``);
      }
      const rows = adapters.map((a) => ({
        name: a.name,
        version: a.version,
        capabilities: a.capabilities,
        models: a.models ?? [],
        description: a.description,
        configs: counts.get(a.name) ?? 0,
      }));
      ctx.print(
        () =>
          rows.length
            ? rows
                .map(
                  (r) =>
                    `${r.name.padEnd(12)} ${String(r.version).padEnd(8)} ${(r.capabilities ?? []).join(',').padEnd(30)} ${r.models.join(',').padEnd(18)} ${r.configs} configs`,
                )
                .join('\n')
            : 'no connectors registered',
        { connectors: rows },
      );
    });
}
