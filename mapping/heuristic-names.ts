import type { CandidateField } from './spec-fields';
import { compact, tokens, type TargetSpec } from './targets';
import { withoutBrackets } from './paths';

/** How strongly a field's name, place and description say it is a target (0..1), and why. */
export interface NameEvidence {
  score: number;
  reason: string;
  viaParent?: boolean;
}

/** Leaves that mean little alone: `total.amount`, `customer.id`, `phone_numbers[].number` read with their parent. */
// The tables here keep one dense line per entry (the formatter would put one word per line).
// prettier-ignore
const GENERIC_LEAF = new Set(['amount', 'value', 'number', 'id', 'code', 'name', 'text', 'string', 'date', 'money', 'key', 'ref', 'iso', 'cents', 'minor', 'units']);
/** Generic leaves that are the parent's value, so the parent's name alone may be the target (`phones[].number`). */
// prettier-ignore
const VALUE_LEAF = new Set(['amount', 'value', 'number', 'text', 'string', 'money', 'cents', 'minor', 'units']);
/** Words a leaf may start with that only repeat its context: BillingAddressCity → city. */
// prettier-ignore
const PREFIX_WORDS = new Set(['billing', 'bill', 'address', 'addr', 'primary', 'default', 'main', 'invoice', 'mailing', 'postal', 'contact', 'customer', 'client']);
/** Parents that hold extensions, custom data or links rather than the record's own fields. */
// prettier-ignore
const EXTENSION = new Set(['extension', 'extensions', 'custom', 'metadata', 'meta', 'extra', 'additional', 'pass', 'through', 'links',
  'raw', 'parent', 'mappings', 'embedded', 'integration', 'integrations', 'external', 'downstream', 'sync', 'x', 'ext', 'legacy', 'original', 'previous']);

export interface FieldShape {
  segs: string[];
  leaf: string;
  leafTokens: string[];
  parentTokens: string[];
  /** the leaf's tokens, with the parent's when the leaf is generic */
  nameTokens: string[];
  /** compact names to compare with synonyms: the leaf, and parent+leaf when the leaf is generic */
  compactNames: string[];
  /** the leaf without words that repeat a context (BillingAddressCity → city), for targets that have one */
  stripped?: string;
  depth: number;
  inList: boolean;
  extension: boolean;
}

export function shapeOf(path: string): FieldShape {
  const segs = withoutBrackets(path).split('.');
  const leaf = segs[segs.length - 1]!;
  const parent = segs.length > 1 ? segs[segs.length - 2]! : '';
  const leafTokens = tokens(leaf);
  const parentTokens = segs.slice(0, -1).flatMap(tokens);
  const generic = leafTokens.length > 0 && leafTokens.every((t) => GENERIC_LEAF.has(t));
  const one = (w: string) => w.replace(/ies$/, 'y').replace(/([^s])s$/, '$1');
  const compactNames = [compact(leaf)];
  if (generic && parent) compactNames.push(compact(parent + leaf));
  if (generic && parent && leafTokens.every((t) => VALUE_LEAF.has(t))) compactNames.push(compact(parent), one(compact(parent)));
  if (path.endsWith('[]')) compactNames.push(one(compact(leaf)));
  let k = 0;
  while (k < leafTokens.length - 1 && PREFIX_WORDS.has(leafTokens[k]!)) k++;
  const stripped = k > 0 ? leafTokens.slice(k).join('') : undefined;
  return {
    segs,
    leaf,
    leafTokens,
    parentTokens,
    nameTokens: generic ? [...tokens(parent), ...leafTokens] : leafTokens,
    compactNames,
    stripped,
    depth: segs.length - 1,
    inList: path.includes('['),
    extension: parentTokens.some((t) => EXTENSION.has(t)) || segs.slice(0, -1).some((s) => s.startsWith('_') || /^x-/.test(s)),
  };
}

function nameOnly(shape: FieldShape, spec: TargetSpec): NameEvidence {
  let best: NameEvidence = { score: 0, reason: '' };
  const names = spec.context && shape.stripped ? [...shape.compactNames, shape.stripped] : shape.compactNames;
  spec.names.forEach((name, i) => {
    const c = compact(name);
    const at = names.indexOf(c);
    // `account.number` is no invoice number: a generic leaf is judged by its parent's words too
    const nestedGeneric = at >= 0 && shape.depth > 0 && shape.compactNames.length > 1;
    if (nestedGeneric && spec.never?.some((w) => shape.parentTokens.includes(w))) return;
    if (at >= 0) {
      const s = (i === 0 ? 1 : Math.max(0.82, 0.96 - 0.01 * i)) - (at === 0 ? 0 : at === 1 ? 0.04 : 0.1);
      if (s > best.score) best = { score: s, reason: `name "${shape.segs.slice(at > 0 ? -2 : -1).join('.')}" is "${name}"`, viaParent: at > 0 };
    }
  });
  if (best.score > 0) return best;
  if (spec.never?.some((w) => shape.nameTokens.includes(w))) return best;
  if (spec.words && spec.words.every((group) => group.some((w) => shape.nameTokens.includes(w)))) {
    const extra = Math.max(0, shape.nameTokens.length - spec.words.length - 1);
    // earlier words in a group are likelier: "customer" before "account"
    const rank = spec.words[0]!.findIndex((w) => shape.nameTokens.includes(w));
    best = { score: Math.max(0.55, 0.76 - 0.04 * extra - 0.005 * rank), reason: `name "${shape.leaf}" has the words of ${spec.target}` };
  }
  if (spec.kind === 'id') return best; // `currencyId` contains "id" but is no record's own id
  for (const name of spec.names) {
    const nt = tokens(name);
    const t = shape.nameTokens;
    const hit = nt.length > 0 && t.some((_, k) => nt.every((w, j) => t[k + j] === w));
    if (hit && best.score < 0.6) best = { score: 0.6, reason: `name "${shape.leaf}" contains "${name}"` };
  }
  return best;
}

const describes = (f: CandidateField, spec: TargetSpec) => {
  if (!f.description || !spec.described) return false;
  const text = ` ${tokens(f.description).join(' ')} `;
  return spec.described.some((w) => text.includes(` ${tokens(w).join(' ')} `));
};

/** Name, description and structure: exact synonyms beat word rules; top-level, own fields beat nested or extension ones. */
export function nameEvidence(field: CandidateField, spec: TargetSpec, line = false): NameEvidence {
  const shape = shapeOf(line ? field.path.slice(field.path.indexOf('[].') + 3) : field.path);
  const only = nameOnly(shape, spec);
  let { score, reason } = only;
  const described = describes(field, spec);
  if (score === 0 && described && !spec.never?.some((w) => shape.nameTokens.includes(w))) {
    score = 0.58;
    reason = `its description says ${spec.described!.join('/')}`;
  } else if (score > 0 && described) {
    score += 0.04;
    reason += ', description agrees';
  }
  if (score === 0) return { score, reason };
  const around = [...shape.parentTokens, ...shape.leafTokens];
  if (spec.context) {
    const inContext = around.some((t) => spec.context!.includes(t));
    const avoided = around.some((t) => spec.avoid?.includes(t));
    if (inContext) {
      score += 0.06;
      reason += ', in context';
    } else if (shape.depth > 0) score -= 0.12;
    if (avoided) {
      score -= 0.4;
      reason += `, but under ${shape.segs[0]}`;
    }
    const billing = ['billing', 'bill', 'invoice', 'invoicing'];
    if (spec.target.startsWith('billing_address') && shape.parentTokens.some((t) => billing.includes(t))) score += 0.05;
    score -= 0.03 * Math.max(0, shape.depth - 1);
  } else {
    const allowed = only.viaParent ? 1 : 0; // `total.amount` sits one level down by nature
    score -= 0.08 * Math.max(0, shape.depth - allowed);
  }
  if (!line && shape.inList) score -= spec.context && shape.parentTokens.some((t) => spec.context!.includes(t)) ? 0.03 : 0.3;
  if (shape.extension) {
    score -= 0.3;
    reason += ', an extension field';
  }
  if (spec.kind === 'id' && shape.depth > 0) score -= 0.5;
  if (field.readOnly === undefined && field.origin === 'example') score -= 0.02;
  return { score: Math.min(1, score), reason };
}
