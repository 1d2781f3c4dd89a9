// The dependency rules between top-level folders, checked by `npm run lint` (eslint.config.mjs). The README's
// "Architecture" section draws the same layers; docs/DECISIONS.md says why they point this way.
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// Neutral modules: anyone above schema/ and mapping/ may import them. config/ imports no layer; contracts/ may read
// the pure models and the mapping format (its zod schemas of workflow inputs are built from them), so schema/ and
// mapping/ must not import contracts/.
const NEUTRAL = ['contracts', 'config'];
const BELOW_ACTIVITIES = ['adapters', 'mapping', 'store', 'schema', ...NEUTRAL];
// The client level: callers of the engine. They start workflows and read the store; nothing below imports them.
const CLIENT_LEVEL = ['client', 'cli', 'server', 'agents', 'console'];
const ENTRY = ['app', 'worker', 'scripts', 'bench', 'tests'];
const EVERYTHING = [...CLIENT_LEVEL, 'workflows', 'activities', ...BELOW_ACTIVITIES];

/**
 * For each folder, the folders it may import. `typeOnly` may be imported with `import type` only: workflows run in
 * Temporal's sandbox and reach activities through proxyActivities<Activities>(), never by calling them.
 */
export const LAYERS = {
  schema: { allow: [] },
  contracts: { allow: ['schema', 'mapping'] },
  config: { allow: [] },
  mapping: { allow: ['schema', 'config'] },
  store: { allow: ['schema', ...NEUTRAL] },
  adapters: { allow: ['mapping', 'schema', ...NEUTRAL] },
  activities: { allow: BELOW_ACTIVITIES },
  workflows: { allow: ['mapping', 'schema', 'contracts'], typeOnly: ['activities'] },
  ...Object.fromEntries(CLIENT_LEVEL.map((layer) => [layer, { allow: [...EVERYTHING, 'app', 'scripts'] }])),
  // the composition root and the processes around it: worker.ts, dev scripts, benchmarks and tests
  ...Object.fromEntries(ENTRY.map((layer) => [layer, { allow: [...EVERYTHING, ...ENTRY] }])),
};

/** The top-level folder a path is in (`worker` for worker.ts); undefined outside the repo or for unknown folders. */
function layerOf(file) {
  const rel = relative(REPO, file);
  if (rel.startsWith('..') || isAbsolute(rel)) return undefined;
  const top = rel.split(sep)[0].replace(/\.(ts|mts|cts|js|mjs|cjs)$/, '');
  return top in LAYERS ? top : undefined;
}

function isTypeOnly(node) {
  if (node.importKind === 'type' || node.exportKind === 'type') return true;
  const specifiers = node.specifiers ?? [];
  return specifiers.length > 0 && specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type');
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'imports follow the layers in lint/layers.mjs' },
    messages: {
      backImport:
        '{{from}}/ must not import {{to}}/ ("{{source}}"): dependencies point client → workflows → activities → ' +
        'adapters | mapping | store → schema (lint/layers.mjs). {{hint}}',
    },
    schema: [],
  },
  create(context) {
    const file = context.physicalFilename ?? context.filename;
    const from = layerOf(file);
    if (!from) return {};
    const { allow, typeOnly = [] } = LAYERS[from];
    function check(node, sourceNode, typeOnlyImport) {
      const source = sourceNode?.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const to = layerOf(join(dirname(file), source));
      if (!to || to === from || allow.includes(to)) return;
      if (typeOnlyImport && typeOnly.includes(to)) return;
      const hint = typeOnly.includes(to)
        ? `Use \`import type\`: ${from}/ may name ${to}/ types only.`
        : 'Move what both need into contracts/, or pass it in from app/.';
      context.report({ node: sourceNode, messageId: 'backImport', data: { from, to, source, hint } });
    }
    return {
      ImportDeclaration: (node) => check(node, node.source, isTypeOnly(node)),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source, isTypeOnly(node)),
      ExportAllDeclaration: (node) => check(node, node.source, node.exportKind === 'type'),
      ImportExpression: (node) => check(node, node.source, false),
      CallExpression: (node) => {
        const callee = node.callee;
        const isRequire = callee.type === 'Identifier' && callee.name === 'require';
        const isJestMock = callee.type === 'MemberExpression' && callee.object.name === 'jest';
        if ((isRequire || isJestMock) && node.arguments[0]?.type === 'Literal') check(node, node.arguments[0], false);
      },
    };
  },
};

export const layersPlugin = { rules: { imports: rule } };
