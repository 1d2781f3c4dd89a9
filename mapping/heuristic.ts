import { Mapping, type MappableModel, type MappingRuleInput, type Transform } from './format';
import type { CandidateField } from './spec-fields';
import type { CandidateResource } from './spec-parser';
import { TARGETS, compact, tokens, type TargetSpec } from './targets';
import { fitField } from './heuristic-types';

/** A proposed mapping with its per-field and overall confidence (0..1) and what it could not map. */
export interface Proposal {
  mapping: Mapping;
  confidence: number;
  unmapped: string[];
  proposer: 'heuristic' | 'claude';
  notes?: string[];
}

const MIN_SCORE = 0.5;

interface Match { field: CandidateField; score: number; transforms: Transform[]; reason: string }

const leafOf = (path: string) => path.split('.').pop() ?? path;
const parentTokens = (path: string) => path.split('.').slice(0, -1).flatMap(tokens);

/** How well a field's name says it is the target: exact synonym, token match, context and depth. */
function nameScore(field: CandidateField, spec: TargetSpec): { score: number; reason: string } {
  const leaf = leafOf(field.path);
  const leafCompact = compact(leaf);
  const leafTokens = tokens(leaf);
  let score = 0;
  let reason = '';
  spec.names.forEach((name, i) => {
    if (compact(name) === leafCompact) {
      const s = i === 0 ? 1 : Math.max(0.8, 0.95 - 0.01 * i);
      if (s > score) { score = s; reason = `name "${leaf}" is "${name}"`; }
    } else {
      const nt = tokens(name);
      const at = leafTokens.findIndex((_, k) => nt.every((t, j) => leafTokens[k + j] === t));
      if (at >= 0 && 0.6 > score) { score = 0.6; reason = `name "${leaf}" contains "${name}"`; }
    }
  });
  if (score === 0) return { score, reason };
  const depth = field.path.split('.').length - 1;
  const around = [...parentTokens(field.path), ...leafTokens];
  if (spec.context) {
    if (around.some((t) => spec.context!.includes(t))) { score += 0.1; reason += ', inside an address'; }
    else score -= 0.1;
    if (around.some((t) => spec.avoid?.includes(t))) { score -= 0.35; reason += `, but under ${field.path.split('.')[0]}`; }
    score -= 0.05 * Math.max(0, depth - 1);
  } else {
    score -= 0.05 * depth;
  }
  if (spec.kind === 'id' && depth > 0) score -= 0.5;
  if (field.description && tokens(field.description).some((t) => spec.names.slice(0, 2).includes(t))) score += 0.03;
  return { score: Math.min(1, score), reason };
}

function matchesFor(spec: TargetSpec, fields: CandidateField[]): Match[] {
  const out: Match[] = [];
  for (const field of fields) {
    const named = nameScore(field, spec);
    if (named.score <= 0) continue;
    const fit = fitField(field, spec);
    if (!fit) continue;
    const score = Math.max(0, Math.min(1, named.score * fit.factor));
    if (score >= MIN_SCORE) out.push({ field, score, transforms: fit.transforms, reason: `${named.reason}; ${fit.reason}` });
  }
  return out.sort((a, b) => b.score - a.score || a.field.path.length - b.field.path.length);
}

/** full_name ← first + last, when the API splits the name. */
function compositeMatch(spec: TargetSpec, fields: CandidateField[]): { paths: string[]; score: number } | undefined {
  if (!spec.parts) return undefined;
  const picks = spec.parts.map((group) => matchesFor({ ...spec, names: group, parts: undefined }, fields)[0]);
  if (picks.some((p) => !p)) return undefined;
  const chosen = picks as Match[];
  return { paths: chosen.map((p) => p.field.path), score: Math.min(...chosen.map((p) => p.score)) * 0.95 };
}

/** Proposes a mapping for one resource from names, synonyms, types and formats alone (no network). */
export function proposeHeuristic(resource: CandidateResource, model: MappableModel, sourceSystem: string): Proposal {
  const specs = TARGETS[model];
  const candidates: Array<{ spec: TargetSpec; match: Match }> = [];
  for (const spec of specs) for (const match of matchesFor(spec, resource.fields)) candidates.push({ spec, match });
  candidates.sort((a, b) => b.match.score - a.match.score);

  const chosen = new Map<string, MappingRuleInput>();
  const used = new Set<string>();
  for (const { spec, match } of candidates) {
    const dateLike = spec.kind === 'date' || spec.kind === 'datetime';
    if (chosen.has(spec.target) || (used.has(match.field.path) && !dateLike)) continue;
    chosen.set(spec.target, {
      target: spec.target,
      source: { path: match.field.path },
      transforms: match.transforms,
      confidence: round(match.score),
      reason: match.reason,
    });
    used.add(match.field.path);
  }
  for (const spec of specs) {
    const composite = compositeMatch(spec, resource.fields);
    const direct = chosen.get(spec.target);
    if (composite && composite.score > (direct?.confidence ?? 0)) {
      chosen.set(spec.target, {
        target: spec.target,
        source: { join: composite.paths.map((path) => ({ path })), sep: ' ' },
        transforms: [{ op: 'trim' }],
        confidence: round(composite.score),
        reason: `joined from ${composite.paths.join(' + ')}`,
      });
    }
  }
  linkCurrency(chosen);

  const rules = specs.map((s) => chosen.get(s.target)).filter((r): r is MappingRuleInput => Boolean(r));
  const unmapped = specs.filter((s) => !chosen.has(s.target)).map((s) => s.target);
  const missingRequired = specs.filter((s) => s.required && !chosen.has(s.target)).length;
  const mean = rules.length ? rules.reduce((sum, r) => sum + (r.confidence ?? 0), 0) / rules.length : 0;
  const confidence = round(mean * 0.5 ** missingRequired);
  const resourceName = resource.schemaName ?? resource.name;
  if (!chosen.has('source_id')) rules.unshift({ target: 'source_id', source: { path: 'id' }, transforms: [], confidence: 0.1, reason: 'no id field found; guessed "id"' });
  const mapping = Mapping.parse({ model, source_system: sourceSystem, resource: resourceName, rules, confidence });
  return { mapping, confidence, unmapped, proposer: 'heuristic' };
}

/** Money in integer minor units needs the record's currency field; point each amount at it. */
function linkCurrency(chosen: Map<string, MappingRuleInput>): void {
  const currency = chosen.get('currency');
  const currencyPath = currency && 'path' in currency.source ? currency.source.path : undefined;
  for (const rule of chosen.values()) {
    const transforms = rule.transforms ?? [];
    const i = transforms.findIndex((t) => t.op === 'minor_to_decimal');
    if (i < 0) continue;
    if (currencyPath) transforms[i] = { op: 'minor_to_decimal', currency_path: currencyPath };
    else chosen.delete(rule.target);
  }
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Picks the resource this model fits best when the user did not name one. */
export function bestResource(resources: CandidateResource[], model: MappableModel, sourceSystem: string): CandidateResource {
  if (resources.length === 0) throw new Error('spec: no list endpoint returning an array of objects found; nothing to map');
  const scored = resources.map((r) => ({ r, c: proposeHeuristic(r, model, sourceSystem).confidence }));
  scored.sort((a, b) => b.c - a.c);
  return scored[0]!.r;
}
