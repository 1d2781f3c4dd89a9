/** Last touches on a heuristic proposal once every target has its best field (mapping/heuristic.ts). */
import type { MappingRuleInput } from './format';
import type { CandidateField } from './spec-fields';

/** No `id`: the shortest top-level `…Id` field no other rule took (`TransactionID`), marked for review. */
export function ownIdFallback(fields: CandidateField[], used: Set<string>, chosen: Map<string, MappingRuleInput>): void {
  const ids = fields.filter(
    (f) =>
      !/[.[]/.test(f.path) &&
      !used.has(f.path) &&
      (f.type === 'string' || f.type === 'integer') &&
      /(id|uuid|guid)$/i.test(f.path) &&
      /[a-z0-9_](id|ID|Id|uuid|guid)$/.test(f.path),
  );
  const pick = ids.sort((a, b) => a.path.length - b.path.length)[0];
  if (pick) {
    chosen.set('source_id', {
      target: 'source_id',
      source: { path: pick.path },
      transforms: [],
      confidence: 0.55,
      review: true,
      reason: `no id field; "${pick.path}" is the shortest top-level id-like field`,
    });
  }
}

/** Money in integer minor units needs the currency: the amount's own sibling, else the record's currency field. */
export function linkCurrency(chosen: Map<string, MappingRuleInput>, fields: CandidateField[]): void {
  const currency = chosen.get('currency');
  const recordCurrency = currency && 'path' in currency.source ? currency.source.path : undefined;
  for (const r of chosen.values()) {
    const transforms = r.transforms ?? [];
    const i = transforms.findIndex((t) => t.op === 'minor_to_decimal');
    if (i < 0 || !('path' in r.source)) continue;
    const parent = r.source.path.split('.').slice(0, -1).join('.');
    const sibling = parent && fields.find((f) => f.path === `${parent}.currency` || f.path === `${parent}.currency_code`)?.path;
    const path = sibling && !sibling.includes('[]') ? sibling : recordCurrency;
    if (path) transforms[i] = { op: 'minor_to_decimal', currency_path: path };
    else chosen.delete(r.target);
  }
}
