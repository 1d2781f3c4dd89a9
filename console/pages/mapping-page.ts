import { compileMapping, MappingError } from '../../mapping/compile';
import type { Mapping, MappingRule } from '../../mapping/format';
import { sampleRecords, validateMapping, type ValidationReport } from '../../mapping/validate';
import type { MappingState } from '../../workflows/mapping';
import { fieldError, html, json, statusBadge, type SafeHtml } from '../html';
import { actionButton, csrfField } from '../layout';
import type { ConsoleSession, FieldErrors } from '../types';

export interface MappingPageInput {
  session: ConsoleSession;
  id: string;
  workflowStatus: string;
  state: MappingState;
  /** The draft's current rules (a person's edits are stored on the draft row); falls back to the proposal. */
  draft?: Mapping;
  editErrors?: { index: number; errors: FieldErrors; source?: string; transforms?: string };
}

/** Samples from the spec (its examples, completed with plausible values), each mapped with the current rules. */
export function samplesFor(state: MappingState, mapping: Mapping | undefined) {
  type Sample = { raw: unknown; mapped?: unknown; error?: string };
  if (!state.resource || !mapping) return { samples: [] as Sample[], report: state.report };
  const { records, source } = sampleRecords(state.resource);
  const compiled = compileMapping(mapping);
  const samples = records.map((raw) => {
    try {
      return { raw, mapped: compiled(raw) as unknown };
    } catch (err) {
      if (err instanceof MappingError) return { raw, error: `${err.field}: ${err.message}` };
      throw err;
    }
  });
  const report: ValidationReport = validateMapping(mapping, records, source);
  return { samples, report };
}

const sourceText = (r: MappingRule) => JSON.stringify(r.source);
const transformsText = (r: MappingRule) => JSON.stringify(r.transforms);

function ruleEditor(i: MappingPageInput, rule: MappingRule, index: number): SafeHtml {
  const edit = i.editErrors?.index === index ? i.editErrors : undefined;
  const errors = edit?.errors ?? {};
  const bad = (f: string) => (errors[f] ? 'true' : 'false');
  return html`<form method="post" action="/console/mappings/${i.id}/rules/${index}" class="rule-edit">
    ${csrfField(i.session)}
    <label>source <input name="source" value="${edit?.source ?? sourceText(rule)}" size="40" aria-invalid="${bad('source')}" /></label
    >${fieldError(errors, 'source')}
    <label>transforms <input name="transforms" value="${edit?.transforms ?? transformsText(rule)}" size="30" aria-invalid="${bad('transforms')}" /></label
    >${fieldError(errors, 'transforms')} <button type="submit">Save rule</button>
  </form>`;
}

type RuleCtx = { failures: Map<string, string>; editable: boolean };

function ruleRow(i: MappingPageInput, rule: MappingRule, index: number, ctx: RuleCtx): SafeHtml {
  const failure = ctx.failures.get(rule.target);
  const ops = rule.transforms.map((t) => html`<span class="badge">${t.op}</span>`);
  const shown = html`<code>${sourceText(rule)}</code> ${ops}`;
  return html`<tr data-rule="${rule.target}" class="${failure ? 'rule-failing' : ''}">
    <td><code>${rule.target}</code></td>
    <td>${ctx.editable ? ruleEditor(i, rule, index) : shown}</td>
    <td>${rule.confidence ?? '?'}</td>
    <td class="${failure ? 'error-text' : 'ok-text'}">${failure ?? 'ok on every sample'}</td>
  </tr>`;
}

function header(i: MappingPageInput, mapping: Mapping | undefined, report: ValidationReport | undefined): SafeHtml {
  const s = i.state;
  const decide = `/console/mappings/${i.id}/decide`;
  const deciding = s.phase === 'awaiting-approval' && i.workflowStatus === 'RUNNING';
  const validation = report
    ? html`<p data-validation="${report.ok ? 'ok' : 'failing'}">Validation: ${report.valid}/${report.samples} ${report.sampleSource} samples valid</p>`
    : '';
  const decision = !deciding
    ? ''
    : i.session.user.operator
      ? html`<div class="row">${actionButton(i.session, decide, 'Approve', 'approve')} ${actionButton(i.session, decide, 'Reject', 'reject')}</div>`
      : html`<p class="muted">Approving a mapping makes it live for every user of this connector, so it needs an operator (service role).</p>`;
  return html`<p data-mapping-phase="${s.phase}">
      Phase ${statusBadge(s.phase)} · workflow ${statusBadge(i.workflowStatus)}
      ${s.confidence !== undefined ? html` · confidence ${s.confidence} by ${s.proposer ?? '?'}` : ''}
      ${mapping ? html` · ${mapping.source_system} <code>${mapping.resource}</code> → ${mapping.model}` : ''}
    </p>
    ${(s.notes ?? []).map((n) => html`<p class="muted">${n}</p>`)}${validation}${decision}`;
}

export function mappingPage(i: MappingPageInput): SafeHtml {
  const s = i.state;
  const mapping = i.draft ?? s.mapping;
  const { samples, report } = samplesFor(s, mapping);
  const failures = new Map((report?.fieldFailures ?? []).map((f) => [f.field, `${f.failures}× ${f.message}`]));
  const deciding = s.phase === 'awaiting-approval' && i.workflowStatus === 'RUNNING';
  const ctx = { failures, editable: deciding && i.session.user.operator };
  const rules = mapping
    ? html`<table data-section="rules">
        <thead>
          <tr>
            <th>Target</th>
            <th>Source and transforms</th>
            <th>Confidence</th>
            <th>On the samples</th>
          </tr>
        </thead>
        <tbody>
          ${mapping.rules.map((r, k) => ruleRow(i, r, k, ctx))}
        </tbody>
      </table>`
    : html`<p class="muted">Not proposed yet.</p>`;
  const sampleViews = samples.map(
    (x, k) =>
      html`<div class="sample" data-sample="${k}">
        <h3>Sample ${k + 1}</h3>
        <div class="split">${json(x.raw)}${x.error ? html`<p class="error-text">${x.error}</p>` : json(x.mapped)}</div>
      </div>`,
  );
  return html`${header(i, mapping, report)}
    <div class="split">
      <section>
        <h2>Rules, field by field</h2>
        ${rules}
      </section>
      <section>
        <h2>Spec samples</h2>
        ${sampleViews}
      </section>
    </div>`;
}
