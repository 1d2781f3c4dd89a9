import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

const repo = join(__dirname, '..', '..', '..');
const eslintBin = join(repo, 'node_modules', 'eslint', 'bin', 'eslint.js');

/** Each case linted with the repo's own eslint.config.mjs, as the file it names; returns the layer errors per case. */
function lintAs(cases: Array<{ file: string; code: string }>): string[][] {
  const out = execFileSync(process.execPath, [join(__dirname, 'lint-cases.mjs')], { cwd: repo, input: JSON.stringify(cases) });
  return JSON.parse(out.toString()) as string[][];
}

test('`npm run lint` fails on a back-import: activities/ importing workflows/ exits non-zero and says why', () => {
  const code = "import { syncWorkflow } from '../workflows/sync';\nexport const w = syncWorkflow;\n";
  const res = spawnSync(process.execPath, [eslintBin, '--stdin', '--stdin-filename', 'activities/back-import.ts'], { cwd: repo, input: code });
  expect(res.status).toBe(1);
  expect(res.stdout.toString()).toContain('activities/ must not import workflows/ ("../workflows/sync")');
});

test('back-imports are refused per layer; imports down the layers, into contracts/ and from app/ pass', () => {
  const value = (from: string, path: string) => ({ file: from, code: `import * as m from '${path}';\nexport const x = m;\n` });
  const cases = [
    value('activities/x.ts', '../workflows/sync'), // 0: activities → workflows
    value('adapters/stripe/x.ts', '../../store/db'), // 1: adapters → store
    value('schema/x.ts', '../contracts/sync'), // 2: schema → anything
    value('schema/models/x.ts', '../../mapping/format'), // 3: schema → mapping, from a subfolder
    value('store/x.ts', '../adapters/core/catalogue'), // 4: store → adapters
    value('mapping/x.ts', '../store/db'), // 5: mapping → store
    value('contracts/x.ts', '../store/db'), // 6: contracts is neutral: it imports no layer with I/O
    value('workflows/x.ts', '../activities'), // 7: workflows → activities as a value
    { file: 'workflows/x.ts', code: "import type { Activities } from '../activities';\nexport type A = Activities;\n" }, // 8
    value('activities/x.ts', '../app/activity-deps'), // 9: activities → the composition root
    value('activities/x.ts', '../contracts/sync'), // 10
    value('adapters/mapped/x.ts', '../../mapping/format'), // 11
    value('client/x.ts', '../workflows/sync'), // 12
    value('app/x.ts', '../store/db'), // 13
    value('worker.ts', './app/activity-deps'), // 14
    { file: 'activities/x.ts', code: "export { emptyCounts } from '../workflows/sync';\n" }, // 15: a re-export counts
    { file: 'adapters/x.ts', code: "const s = require('../store/db');\nexport const x = s;\n" }, // 16: so does require
  ];
  const found = lintAs(cases);
  const refused = found.map((messages, i) => (messages.length > 0 ? i : -1)).filter((i) => i >= 0);
  expect(refused).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 9, 15, 16]);
  expect(found[1]![0]).toMatch(/adapters\/ must not import store\//);
  expect(found[7]![0]).toMatch(/Use `import type`: workflows\/ may name activities\/ types only/);
});
