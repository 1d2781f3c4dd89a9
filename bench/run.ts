import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** `npm run bench -- <name> [args]` runs bench/<name>.ts, whose run(args) prints its figures. */
async function main(): Promise<void> {
  const [name, ...args] = process.argv.slice(2);
  const available = readdirSync(__dirname)
    .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
    .map((f) => f.replace(/\.ts$/, ''));
  if (!name || !existsSync(join(__dirname, `${name}.ts`))) {
    console.error(`usage: npm run bench -- <name> [args]\navailable: ${available.join(', ') || '(none yet)'}`);
    process.exit(2);
  }
  const mod = (await import(join(__dirname, `${name}.ts`))) as { run(args: string[]): Promise<void> };
  await mod.run(args);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
