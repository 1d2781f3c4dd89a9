import type { ConfigDetail } from '../data';
import { html, json, statusBadge, when, type SafeHtml } from '../html';

/** The config page's tables: run history, quarantined records with their field-level reasons, latest records. */
const countsText = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ') || '—';
const errorText = (e: unknown) => (typeof e === 'string' ? e : JSON.stringify(e));

export function runsTable(detail: ConfigDetail): SafeHtml {
  if (detail.runs.length === 0) return html`<p class="empty">No runs yet.</p>`;
  const rows = detail.runs.map(
    (r) =>
      html`<tr>
        <td>${when(r.startedAt)}</td>
        <td>${r.mode}</td>
        <td>${statusBadge(r.status)}</td>
        <td>${countsText(r.counts)}</td>
        <td class="error-text">${r.errors.map((e) => html`<div>${errorText(e)}</div>`)}</td>
      </tr>`,
  );
  return html`<table data-section="runs">
    <thead>
      <tr>
        <th>Started</th>
        <th>Mode</th>
        <th>Status</th>
        <th>Counts</th>
        <th>Errors</th>
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}

/** A stored reason is `path: message; path: message` (schema/parse.ts formatIssues): one item per field. */
function reasons(reason: string): SafeHtml {
  return html`<ul class="reasons">
    ${reason.split('; ').map((r) => {
      const at = r.indexOf(': ');
      return at > 0 ? html`<li><code>${r.slice(0, at)}</code> ${r.slice(at + 2)}</li>` : html`<li>${r}</li>`;
    })}
  </ul>`;
}

export function quarantineTable(detail: ConfigDetail): SafeHtml {
  if (detail.quarantine.length === 0) return html`<p class="empty">Nothing quarantined.</p>`;
  const rows = detail.quarantine.map(
    (q) =>
      html`<tr>
        <td>${q.model}</td>
        <td>${q.sourceId ?? ''}</td>
        <td>${reasons(q.reason)}</td>
        <td>${json(q.raw)}</td>
      </tr>`,
  );
  return html`<table data-section="quarantine">
    <thead>
      <tr>
        <th>Model</th>
        <th>Source id</th>
        <th>Field-level reasons</th>
        <th>Record</th>
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}

export function recordsTable(detail: ConfigDetail): SafeHtml {
  if (detail.records.length === 0) return html`<p class="empty">No records yet.</p>`;
  const rows = detail.records.map(
    (r) =>
      html`<tr>
        <td>${r.model}</td>
        <td>${r.sourceId}</td>
        <td>${json(r.data)}</td>
      </tr>`,
  );
  return html`<table data-section="records">
    <thead>
      <tr>
        <th>Model</th>
        <th>Source id</th>
        <th>Data</th>
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}
