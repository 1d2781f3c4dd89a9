import type { SyncStatus } from '../../client/sync';
import { html, when, type SafeHtml } from '../html';

const TERMINAL = new Set(['completed', 'failed', 'cancelled', 'none', 'unknown']);
const total = (counts: Record<string, { records?: number }> | undefined) => Object.values(counts ?? {}).reduce((n, c) => n + (c.records ?? 0), 0);

/** The live progress panel: Temporal's progress query while running, the summary or failure afterwards. */
export function progressView(s: SyncStatus): SafeHtml {
  const p = s.progress;
  if (s.status === 'RUNNING' && p) {
    return html`<dl class="progress" data-phase="${p.phase}" data-running="1">
      <dt>Phase</dt>
      <dd data-field="phase">${p.phase}${p.model ? html` <span class="muted">(${p.model})</span>` : ''}</dd>
      <dt>Pages</dt>
      <dd data-field="pages">${p.pages}</dd>
      <dt>Records</dt>
      <dd data-field="records">${p.records}</dd>
      <dt>Quarantined</dt>
      <dd>${p.quarantined}</dd>
      <dt>Rate</dt>
      <dd data-field="rate">${Math.round(p.recordsPerSecond)} records/s</dd>
      <dt>Elapsed</dt>
      <dd>${Math.round(p.elapsedMs / 1000)} s</dd>
    </dl>`;
  }
  if (s.status === 'NOT_FOUND') return html`<p class="muted" data-phase="none">No sync has run yet.</p>`;
  if (s.status === 'RUNNING') return html`<p data-phase="starting" data-running="1">Starting…</p>`;
  const phase = s.summary?.status ?? (s.status === 'COMPLETED' ? 'completed' : s.status.toLowerCase());
  const pages = Object.values(s.summary?.counts ?? {}).reduce((n, c) => n + c.pages, 0);
  const secs = (s.summary?.durationMs ?? 0) / 1000;
  const records = total(s.summary?.counts);
  return html`<dl class="progress" data-phase="${TERMINAL.has(phase) ? phase : 'failed'}">
    <dt>Phase</dt>
    <dd data-field="phase">${phase}</dd>
    <dt>Pages</dt>
    <dd data-field="pages">${pages}</dd>
    <dt>Records</dt>
    <dd data-field="records">${records}</dd>
    <dt>Rate</dt>
    <dd data-field="rate">${secs > 0 ? Math.round(records / secs) : 0} records/s</dd>
    <dt>Finished</dt>
    <dd>${when(s.closeTime)}</dd>
    ${
      s.failure
        ? html`<dt>Error</dt>
            <dd class="error-text">${s.failure}</dd>`
        : ''
    }
  </dl>`;
}
