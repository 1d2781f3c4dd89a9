// Run by layers.test.ts in a child process: ESLint loads eslint.config.mjs through import(), which jest's VM refuses.
// Reads [{ file, code }] on stdin, lints each as if it were that file of the repo, prints the layer messages as JSON.
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';

const repo = resolve(import.meta.dirname, '..', '..', '..');
let input = '';
for await (const chunk of process.stdin) input += chunk;
const eslint = new ESLint({ cwd: repo });
const out = [];
for (const c of JSON.parse(input)) {
  const [result] = await eslint.lintText(c.code, { filePath: join(repo, c.file) });
  out.push(result.messages.filter((m) => m.ruleId === 'layers/imports' || m.fatal).map((m) => m.message));
}
process.stdout.write(JSON.stringify(out));
