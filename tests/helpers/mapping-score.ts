/**
 * Strict field-level scoring, the same rules as the independent evaluation: paths compared case-insensitively,
 * `[...]` ignored, `+` parts compared as sets. A wrong path is both a false positive and a false negative.
 */
export const normalise = (p: string) =>
  p
    .split('+')
    .map((part) =>
      part
        .toLowerCase()
        .replace(/\[[^\]]*\]/g, '')
        .trim(),
    )
    .sort()
    .join('+');

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}
const empty = (): Counts => ({ tp: 0, fp: 0, fn: 0 });

export function scoreFields(predicted: Record<string, string | null>, labels: Record<string, string | null>, into: Map<string, Counts>): string[] {
  const wrong: string[] = [];
  for (const [field, label] of Object.entries(labels)) {
    const got = predicted[field] ?? null;
    const c = into.get(field) ?? empty();
    into.set(field, c);
    const same = got !== null && label !== null && normalise(got) === normalise(label);
    if (same) c.tp += 1;
    if (got !== null && !same) c.fp += 1;
    if (label !== null && !same) c.fn += 1;
    if (!same && (got !== null || label !== null)) wrong.push(`${field}: got ${got ?? '—'}, label ${label ?? '—'}`);
  }
  return wrong;
}

export const prf = (c: Counts) => {
  const p = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 1;
  const r = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 1;
  return { p, r, f1: p + r ? (2 * p * r) / (p + r) : 0 };
};

export function micro(counts: Map<string, Counts>): Counts {
  const t = empty();
  for (const c of counts.values()) {
    t.tp += c.tp;
    t.fp += c.fp;
    t.fn += c.fn;
  }
  return t;
}

export function table(title: string, counts: Map<string, Counts>): string {
  const rows = [...counts.entries()].map(([f, c]) => {
    const s = prf(c);
    return `| ${f} | ${c.tp} | ${c.fp} | ${c.fn} | ${s.p.toFixed(2)} | ${s.r.toFixed(2)} | ${s.f1.toFixed(2)} |`;
  });
  const m = micro(counts);
  const s = prf(m);
  return [
    `${title}`,
    '| field | tp | fp | fn | precision | recall | F1 |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    `| **micro-average** | ${m.tp} | ${m.fp} | ${m.fn} | ${s.p.toFixed(2)} | ${s.r.toFixed(2)} | **${s.f1.toFixed(2)}** |`,
  ].join('\n');
}
