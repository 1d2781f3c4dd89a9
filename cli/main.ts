import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/env';
import { CliContext, type CliIo } from './context';
import { configureLogging } from '../telemetry/logger';

/** A command module under cli/commands/ exports register(); adding a file adds a command, nothing else changes. */
export interface CommandModule {
  register(program: Command, ctx: CliContext): void;
}

function loadCommandModules(): CommandModule[] {
  const dir = join(__dirname, 'commands');
  return (
    readdirSync(dir)
      .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts') && !f.includes('.test.'))
      .sort()
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- discovery loads plugins by path, synchronously
      .map((f) => require(join(dir, f)) as CommandModule)
  );
}

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('fabric')
    .description('Connectivity Fabric: sync, push, webhooks and mappings as durable Temporal workflows')
    .option('--json', 'print machine-readable JSON instead of a human summary')
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => ctx.io.out(s.trimEnd()), writeErr: (s) => ctx.io.err(s.trimEnd()) })
    .exitOverride();
  program.hook('preAction', (_this, action) => {
    ctx.json = Boolean(action.optsWithGlobals().json);
  });
  for (const mod of loadCommandModules()) mod.register(program, ctx);
  return program;
}

const consoleIo: CliIo = { out: (t) => console.log(t), err: (t) => console.error(t) };

/** Runs the CLI and returns its exit code; tests call it in-process with their own io and environment. */
export async function runCli(args: string[], io: CliIo = consoleIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const ctx = new CliContext(io, env);
  try {
    await buildProgram(ctx).parseAsync(args, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    const message = err instanceof ConfigError || err instanceof Error ? err.message : String(err);
    if (ctx.json) io.out(JSON.stringify({ error: message }, null, 2));
    else io.err(`error: ${message}`);
    // a command may say how bad input ends (e.g. exit code 2 for a bad spec in `fabric mapping propose`)
    const code = (err as { exitCode?: unknown }).exitCode;
    return typeof code === 'number' && Number.isInteger(code) && code > 0 ? code : 1;
  } finally {
    await ctx.close();
  }
}

export async function main(argv: string[]): Promise<void> {
  // stdout is the command's output: log lines (warnings, unless LOG_LEVEL asks for more) go to stderr
  configureLogging({ service: 'cli', destination: process.env.FABRIC_LOG_FILE ?? 'stderr', level: process.env.LOG_LEVEL ?? 'warn' });
  process.exitCode = await runCli(argv.slice(2));
}
