import type { MappableModel, Mapping, Source } from './format';
import type { Proposal } from './heuristic';
import type { CandidateResource } from './spec-parser';
import { REPORTED_FIELDS } from './targets';

/** A rule's source as one path string: `a.b`, `Lines[].Qty`, `Phones[PhoneType=DEFAULT].Number`, `first+last`. */
export function sourceString(source: Source): string | null {
  if ('path' in source) return source.path;
  if ('const' in source) return null;
  if ('join' in source) {
    const parts = source.join.flatMap((p) => ('path' in p ? [p.path] : []));
    return parts.length ? parts.join('+') : null;
  }
  const first = source.coalesce.find((p) => 'path' in p);
  return first && 'path' in first ? first.path : null;
}

/** canonical field → source path (or null) for every field the command reports, in a stable order. */
export function fieldMap(mapping: Mapping, model: MappableModel): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const target of REPORTED_FIELDS[model]) {
    const r = mapping.rules.find((x) => x.target === target);
    out[target] = r && (r.confidence ?? 1) > 0.1 ? sourceString(r.source) : null;
  }
  return out;
}

/** What `fabric mapping propose --json` prints: the four documented keys first, then details for a person. */
export function proposalReport(resource: CandidateResource, model: MappableModel, proposal: Proposal) {
  const rules = proposal.mapping.rules;
  return {
    resource: resource.schemaName ?? resource.name,
    schemaPointer: resource.schemaPointer,
    confidence: proposal.confidence,
    fields: fieldMap(proposal.mapping, model),
    fieldConfidence: Object.fromEntries(rules.map((r) => [r.target, r.confidence ?? null])),
    needsReview: rules.filter((r) => r.review).map((r) => r.target),
    endpoint: resource.endpoint?.path ?? null,
    idParam: resource.idParam ?? null,
    mapping: proposal.mapping,
  };
}
