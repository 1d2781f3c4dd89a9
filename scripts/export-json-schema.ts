/**
 * `npm run schema:export` writes schema/json/*.json from the zod models, and contracts/json/*.json from the workflow
 * messages (contracts/workflow-schemas.ts).
 * `npm run schema:check` (--check) writes nothing and exits 1 when schema/json is stale, naming each file.
 * `--dir <path>` works on another folder instead (used by the tests).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildWorkflowJsonSchemaFiles } from '../contracts/json-schema';
import { buildJsonSchemaFiles } from '../schema/json-schema';

export const JSON_DIR = join(__dirname, '..', 'schema', 'json');
export const WORKFLOW_JSON_DIR = join(__dirname, '..', 'contracts', 'json');
type Build = () => Map<string, string>;

/** Differences between the generated files and schema/json: [file, problem][]. */
export function staleFiles(dir = JSON_DIR, build: Build = buildJsonSchemaFiles): Array<[string, string]> {
  const files = build();
  const problems: Array<[string, string]> = [];
  for (const [name, content] of files) {
    const path = join(dir, name);
    if (!existsSync(path)) problems.push([name, 'missing']);
    else if (readFileSync(path, 'utf8') !== content) problems.push([name, 'out of date']);
  }
  const present = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
  for (const name of present) if (!files.has(name)) problems.push([name, 'no longer generated']);
  return problems;
}

export function exportJsonSchemas(dir = JSON_DIR, build: Build = buildJsonSchemaFiles): string[] {
  mkdirSync(dir, { recursive: true });
  const files = build();
  for (const [name, content] of files) writeFileSync(join(dir, name), content);
  for (const name of readdirSync(dir)) if (name.endsWith('.json') && !files.has(name)) unlinkSync(join(dir, name));
  return [...files.keys()];
}

if (require.main === module) {
  const dirFlag = process.argv.indexOf('--dir');
  const targets: Array<[string, Build]> =
    dirFlag > 0 && process.argv[dirFlag + 1]
      ? [[process.argv[dirFlag + 1]!, buildJsonSchemaFiles]]
      : [
          [JSON_DIR, buildJsonSchemaFiles],
          [WORKFLOW_JSON_DIR, buildWorkflowJsonSchemaFiles],
        ];
  for (const [dir, build] of targets) {
    if (process.argv.includes('--check')) {
      const problems = staleFiles(dir, build);
      if (problems.length > 0) {
        for (const [name, problem] of problems) console.error(`${join(dir, name)}: ${problem}`);
        console.error(`${dir} is stale: run \`npm run schema:export\` and commit the result`);
        process.exit(1);
      }
      console.log(`${dir} is up to date`);
    } else {
      const written = exportJsonSchemas(dir, build);
      console.log(`wrote ${written.length} files to ${dir}`);
    }
  }
}
