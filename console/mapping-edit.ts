import { MappingRule, parseMapping, type Mapping } from '../mapping/format';
import type { FieldErrors } from './types';

const EXAMPLE = { source: '{"path":"email"}', transforms: '[{"op":"trim"}]' };

/**
 * A person's edit of one rule (its source and transforms, typed as JSON) applied to a mapping: either the whole
 * mapping, valid again, or errors keyed by the form field they belong to.
 */
export function applyRuleEdit(
  mapping: Mapping,
  index: number,
  form: { source?: string; transforms?: string },
): { ok: true; mapping: Mapping } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const parsed: Partial<Record<'source' | 'transforms', unknown>> = {};
  for (const field of ['source', 'transforms'] as const) {
    try {
      parsed[field] = JSON.parse(form[field] ?? '') as unknown;
    } catch {
      errors[field] = `${field}: not valid JSON; e.g. ${EXAMPLE[field]}`;
    }
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const rule = MappingRule.safeParse({ ...mapping.rules[index], ...parsed });
  if (!rule.success) {
    for (const issue of rule.error.issues) {
      const field = issue.path[0] === 'transforms' ? 'transforms' : 'source';
      errors[field] ??= `${issue.path.join('.')}: ${issue.message}`;
    }
    return { ok: false, errors };
  }
  const next = parseMapping({ ...mapping, rules: mapping.rules.map((r, k) => (k === index ? rule.data : r)) });
  return next.ok ? { ok: true, mapping: next.mapping } : { ok: false, errors: { source: next.errors.join('; ') } };
}
