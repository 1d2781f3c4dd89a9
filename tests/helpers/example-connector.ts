import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const repo = join(__dirname, '..', '..');

/** The docs' example connector files: each ```ts block that starts with `// adapters/example/<file>`. */
export function exampleFiles(doc: string = readFileSync(join(repo, 'docs', 'CONNECTORS.md'), 'utf8')): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of doc.matchAll(/```ts\n\/\/ adapters\/example\/([\w.-]+)\n([\s\S]*?)```/g)) out[m[1]!] = m[2]!;
  return out;
}

/** Writes the documented example connector into a fresh connectors folder (core linked beside it); returns it. */
export function writeExampleConnector(): string {
  mkdirSync(join(repo, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(repo, '.tmp', 'plugins-'));
  symlinkSync(join(repo, 'adapters', 'core'), join(dir, 'core'));
  mkdirSync(join(dir, 'example'));
  for (const [file, text] of Object.entries(exampleFiles())) writeFileSync(join(dir, 'example', file), text);
  return dir;
}
