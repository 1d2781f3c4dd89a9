import type { CandidateField } from './spec-fields';
import { tokens, type TargetSpec } from './targets';

const LINE_WORDS = ['line', 'lines', 'items', 'item', 'entries', 'rows', 'positions', 'position', 'details', 'products', 'charges', 'articles'];
const NOT_LINES = [
  'payments',
  'payment',
  'taxes',
  'tax',
  'discounts',
  'attachments',
  'files',
  'notes',
  'emails',
  'addresses',
  'phones',
  'links',
  'errors',
  'history',
  'events',
  'reminders',
  'credits',
  'fees',
  'tracking',
  'categories',
  'fields',
  'options',
];

/** The list of an invoice's lines: an array of objects named like lines whose elements look like lines. */
export function lineList(fields: CandidateField[], lineSpecs: TargetSpec[], match: (f: CandidateField, s: TargetSpec) => number): string | undefined {
  const lists = new Map<string, CandidateField[]>();
  for (const f of fields) {
    const at = f.path.indexOf('[].');
    if (at < 0) continue;
    const list = f.path.slice(0, at);
    if (list.includes('[')) continue; // lines of lines are not lines
    lists.set(list, [...(lists.get(list) ?? []), f]);
  }
  let best: { list: string; score: number } | undefined;
  for (const [list, members] of lists) {
    const words = tokens(list);
    if (words.some((w) => NOT_LINES.includes(w))) continue;
    const named = words.some((w) => LINE_WORDS.includes(w)) ? 1 : 0;
    const fit = lineSpecs.reduce((sum, spec) => sum + Math.max(0, ...members.map((m) => match(m, spec))), 0);
    const score = fit + named * 0.8 - 0.2 * (list.split('.').length - 1);
    if (fit >= 1.2 && (!best || score > best.score)) best = { list, score };
  }
  return best?.list;
}
