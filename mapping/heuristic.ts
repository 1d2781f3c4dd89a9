import { Mapping, type MappableModel, type MappingRuleInput, type Transform } from './format';
import { withPredicate } from './heuristic-elements';
import { lineList } from './heuristic-lines';
import { nameEvidence } from './heuristic-names';
import { linkCurrency, ownIdFallback } from './heuristic-fixups';
import { fitField } from './heuristic-types';
import type { CandidateField } from './spec-fields';
import type { CandidateResource } from './spec-parser';
import { TARGETS, compact, type TargetSpec } from './targets';

/** A proposed mapping with its per-field and overall confidence (0..1) and what it could not map. */
export interface Proposal {
  mapping: Mapping;
  confidence: number;
  unmapped: string[];
  proposer: 'heuristic' | 'claude';
  notes?: string[];
}

/** Below this a rule is marked for review; calibrated on the development set (tests/unit/mapping/dev-set.test.ts). */
export const REVIEW_BELOW = 0.7;
const MIN_SCORE = 0.5;

interface Match {
  field: CandidateField;
  score: number;
  transforms: Transform[];
  reason: string;
  review?: boolean;
}

const singular = (s: string) => s.replace(/ies$/, 'y').replace(/([^s])s$/, '$1');

/** The record's own id: the parameter in its GET path (`/invoices/{invoiceId}`), then `<resource>Id`, then `id`. */
function idBonus(field: CandidateField, resource: CandidateResource): { score: number; reason: string } | undefined {
  if (field.path.includes('.') || field.path.includes('[')) return undefined;
  const leaf = compact(field.path);
  const names = [resource.name, resource.schemaName ?? ''].map((n) => singular(compact(n))).filter(Boolean);
  const param = resource.idParam ? compact(resource.idParam) : undefined;
  if (param && (param === leaf || names.some((n) => param === n + leaf) || (leaf.length >= 2 && param.endsWith(leaf) && param !== 'id'))) {
    return { score: 1, reason: `the id in its GET path ({${resource.idParam}})` };
  }
  if (names.some((n) => leaf === `${n}id` || leaf === `${n}uuid`)) return { score: 0.97, reason: `"${field.path}" is the ${names[0]}'s own id` };
  return undefined;
}

function scoreField(field: CandidateField, spec: TargetSpec, resource: CandidateResource, line: boolean): Match | undefined {
  const fit = fitField(field, spec);
  if (!fit) return undefined;
  const bonus = spec.kind === 'id' ? idBonus(field, resource) : undefined;
  const named = bonus ?? nameEvidence(field, spec, line);
  if (named.score <= 0) return undefined;
  const score = Math.max(0, Math.min(1, named.score * fit.factor));
  return { field, score, transforms: fit.transforms, reason: `${named.reason}; ${fit.reason}`, review: fit.review };
}

function matchesFor(spec: TargetSpec, fields: CandidateField[], resource: CandidateResource, line = false): Match[] {
  const out: Match[] = [];
  for (const field of fields) {
    const m = scoreField(field, spec, resource, line);
    if (m && m.score >= MIN_SCORE) out.push(m);
  }
  return out.sort((a, b) => b.score - a.score || a.field.path.length - b.field.path.length);
}

/** full_name ← first + last, when the API splits the name. */
function compositeMatch(spec: TargetSpec, fields: CandidateField[], resource: CandidateResource): { paths: string[]; score: number } | undefined {
  if (!spec.parts) return undefined;
  const picks = spec.parts.map(
    (group, i) => matchesFor({ ...spec, names: i === 0 ? [...group, 'name'] : group, never: [], parts: undefined }, fields, resource)[0],
  );
  if (picks.some((p) => !p)) return undefined;
  const chosen = picks as Match[];
  const parents = new Set(chosen.map((p) => p.field.path.split('.').slice(0, -1).join('.')));
  if (parents.size > 1) return undefined;
  return { paths: chosen.map((p) => p.field.path), score: Math.min(...chosen.map((p) => p.score)) * 0.93 };
}

const rule = (spec: TargetSpec, path: string, m: Match, fields: CandidateField[]): MappingRuleInput => {
  const picked = spec.target.startsWith('line_items[]') ? { path } : withPredicate(path, spec, fields);
  const confidence = round(m.score);
  return {
    target: spec.target,
    source: { path: picked.path },
    transforms: m.transforms,
    confidence,
    reason: `${m.reason}${picked.chosen ? `; element ${picked.chosen}` : ''}`.slice(0, 500),
    ...(m.review || confidence < REVIEW_BELOW ? { review: true } : {}),
  };
};

/** `{ customer: {...} }` list items: the one top-level object that holds the whole record. */
function wrapperOf(fields: CandidateField[]): string | undefined {
  const top = fields.filter((f) => !f.path.includes('.') && !f.path.includes('['));
  return top.length === 1 && top[0]!.type === 'object' && fields.length > 3 ? `${top[0]!.path}.` : undefined;
}

const prefixSource = (s: MappingRuleInput['source'], p: string): MappingRuleInput['source'] =>
  'path' in s
    ? { path: p + s.path }
    : 'const' in s
      ? s
      : 'join' in s
        ? { ...s, join: s.join.map((x) => prefixSource(x, p) as typeof x) }
        : { coalesce: s.coalesce.map((x) => prefixSource(x, p) as typeof x) };

/** Proposes a mapping for one resource from names, descriptions, types, formats and structure alone (no network). */
export function proposeHeuristic(resource: CandidateResource, model: MappableModel, sourceSystem: string): Proposal {
  const wrapper = wrapperOf(resource.fields);
  if (!wrapper) return proposeFlat(resource, model, sourceSystem);
  // score the record inside its wrapper as if it were the item, then read every path through the wrapper
  const inner = resource.fields.filter((f) => f.path.startsWith(wrapper)).map((f) => ({ ...f, path: f.path.slice(wrapper.length) }));
  const proposal = proposeFlat({ ...resource, fields: inner }, model, sourceSystem);
  const rules = proposal.mapping.rules.map((r) => ({
    ...r,
    source: prefixSource(r.source, wrapper),
    transforms: r.transforms.map((t) => (t.op === 'minor_to_decimal' && t.currency_path ? { ...t, currency_path: wrapper + t.currency_path } : t)),
  }));
  return { ...proposal, mapping: Mapping.parse({ ...proposal.mapping, rules }) };
}

function proposeFlat(resource: CandidateResource, model: MappableModel, sourceSystem: string): Proposal {
  const specs = TARGETS[model];
  const recordSpecs = specs.filter((s) => !s.target.startsWith('line_items[]'));
  const lineSpecs = specs.filter((s) => s.target.startsWith('line_items[]'));
  const candidates: Array<{ spec: TargetSpec; match: Match }> = [];
  for (const spec of recordSpecs) for (const match of matchesFor(spec, resource.fields, resource)) candidates.push({ spec, match });
  candidates.sort((a, b) => b.match.score - a.match.score);

  const chosen = new Map<string, MappingRuleInput>();
  const used = new Set<string>();
  for (const { spec, match } of candidates) {
    const dateLike = spec.kind === 'date' || spec.kind === 'datetime';
    if (chosen.has(spec.target) || (used.has(match.field.path) && !dateLike)) continue;
    chosen.set(spec.target, rule(spec, match.field.path, match, resource.fields));
    used.add(match.field.path);
  }
  for (const spec of recordSpecs) {
    const composite = compositeMatch(spec, resource.fields, resource);
    const direct = chosen.get(spec.target);
    // a `name` beside a `surname` is the first name: join them
    const firstIsDirect = composite && direct && 'path' in direct.source && direct.source.path === composite.paths[0];
    if (composite && (firstIsDirect || composite.score > (direct?.confidence ?? 0))) {
      const confidence = round(composite.score);
      chosen.set(spec.target, {
        target: spec.target,
        source: { join: composite.paths.map((path) => ({ path })), sep: ' ' },
        transforms: [{ op: 'trim' }],
        confidence,
        reason: `joined from ${composite.paths.join(' + ')}`,
        ...(confidence < REVIEW_BELOW ? { review: true } : {}),
      });
    }
  }
  if (!chosen.has('source_id')) ownIdFallback(resource.fields, used, chosen);
  if (lineSpecs.length) proposeLines(resource, lineSpecs, chosen);
  linkCurrency(chosen, resource.fields);

  const rules = specs.map((s) => chosen.get(s.target)).filter((r): r is MappingRuleInput => Boolean(r));
  const unmapped = specs.filter((s) => !chosen.has(s.target)).map((s) => s.target);
  const missingRequired = specs.filter((s) => s.required && !chosen.has(s.target)).length;
  const mean = rules.length ? rules.reduce((sum, r) => sum + (r.confidence ?? 0), 0) / rules.length : 0;
  const confidence = round(mean * 0.6 ** missingRequired);
  if (!chosen.has('source_id'))
    rules.unshift({ target: 'source_id', source: { path: 'id' }, transforms: [], confidence: 0.1, reason: 'no id field found; guessed "id"', review: true });
  const mapping = Mapping.parse({ model, source_system: sourceSystem, resource: resource.schemaName ?? resource.name, rules, confidence });
  return { mapping, confidence, unmapped, proposer: 'heuristic' };
}

/** Line items: pick the list of lines, then each line field among that list's element fields. */
function proposeLines(resource: CandidateResource, lineSpecs: TargetSpec[], chosen: Map<string, MappingRuleInput>): void {
  const score = (f: CandidateField, s: TargetSpec) => scoreField(f, s, resource, true)?.score ?? 0;
  const list = lineList(resource.fields, lineSpecs, score);
  if (!list) return;
  const members = resource.fields.filter((f) => f.path.startsWith(`${list}[].`) && f.path.split('[]').length === 2);
  const used = new Set<string>();
  const all = lineSpecs.flatMap((spec) => matchesFor(spec, members, resource, true).map((match) => ({ spec, match })));
  all.sort((a, b) => b.match.score - a.match.score);
  for (const { spec, match } of all) {
    if (chosen.has(spec.target) || used.has(match.field.path)) continue;
    chosen.set(spec.target, rule(spec, match.field.path, match, resource.fields));
    used.add(match.field.path);
  }
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Picks the resource this model fits best when the user did not name one. */
export function bestResource(resources: CandidateResource[], model: MappableModel, sourceSystem: string): CandidateResource {
  if (resources.length === 0) throw new Error('spec: no GET endpoint returning an object found; nothing to map');
  const scored = resources.map((r) => ({ r, c: proposeHeuristic(r, model, sourceSystem).confidence }));
  scored.sort((a, b) => b.c - a.c);
  return scored[0]!.r;
}
