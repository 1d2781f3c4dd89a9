import type { SyncStatus } from '../../client/sync';
import type { ConfigDetail } from '../data';
import { fieldError, html, json, statusBadge, when, type SafeHtml } from '../html';
import { actionButton, csrfField } from '../layout';
import type { ScheduleInfo } from '../live';
import type { ConsoleSession, FieldErrors } from '../types';

export interface ConfigPageInput {
  session: ConsoleSession;
  detail: ConfigDetail;
  status?: SyncStatus;
  schedule?: ScheduleInfo;
  scheduleError?: string;
  scheduleValue?: string;
  credentialErrors?: FieldErrors;
  credentialName?: string;
  temporalLink?: string;
}

const TERMINAL = new Set(['completed', 'failed', 'cancelled', 'none', 'unknown']);
const total = (counts: Record<string, { records?: number }> | undefined) =>
  Object.values(counts ?? {}).reduce((n, c) => n + (c.records ?? 0), 0);

/** The live progress panel: Temporal's progress query while running, the summary or failure afterwards. */
export function progressView(s: SyncStatus): SafeHtml {
  const p = s.progress;
  if (s.status === 'RUNNING' && p) {
    return html`<dl class="progress" data-phase="${p.phase}" data-running="1">
      <dt>Phase</dt>
      <dd data-field="phase">${p.phase}${p.model ? html` <span class="muted">(${p.model})</span>` : ''}</dd>
      <dt>Pages</dt><dd data-field="pages">${p.pages}</dd><dt>Records</dt><dd data-field="records">${p.records}</dd>
      <dt>Quarantined</dt><dd>${p.quarantined}</dd>
      <dt>Rate</dt><dd data-field="rate">${Math.round(p.recordsPerSecond)} records/s</dd>
      <dt>Elapsed</dt><dd>${Math.round(p.elapsedMs / 1000)} s</dd></dl>`;
  }
  if (s.status === 'NOT_FOUND') return html`<p class="muted" data-phase="none">No sync has run yet.</p>`;
  if (s.status === 'RUNNING') return html`<p data-phase="starting" data-running="1">Starting…</p>`;
  const phase = s.summary?.status ?? (s.status === 'COMPLETED' ? 'completed' : s.status.toLowerCase());
  const pages = Object.values(s.summary?.counts ?? {}).reduce((n, c) => n + c.pages, 0);
  const secs = (s.summary?.durationMs ?? 0) / 1000;
  const records = total(s.summary?.counts);
  return html`<dl class="progress" data-phase="${TERMINAL.has(phase) ? phase : 'failed'}">
    <dt>Phase</dt><dd data-field="phase">${phase}</dd><dt>Pages</dt><dd data-field="pages">${pages}</dd>
    <dt>Records</dt><dd data-field="records">${records}</dd>
    <dt>Rate</dt><dd data-field="rate">${secs > 0 ? Math.round(records / secs) : 0} records/s</dd>
    <dt>Finished</dt><dd>${when(s.closeTime)}</dd>
    ${s.failure ? html`<dt>Error</dt><dd class="error-text">${s.failure}</dd>` : ''}</dl>`;
}

function scheduleSection(i: ConfigPageInput, base: string): SafeHtml {
  const s = i.schedule;
  if (!s) return html`<p class="muted">Schedule unknown while Temporal is unreachable.</p>`;
  if (!s.exists) {
    const invalid = i.scheduleError ? 'true' : 'false';
    return html`<form method="post" action="${base}/schedule" class="row">${csrfField(i.session)}
      <input type="hidden" name="op" value="create">
      <label>Every <input name="every" value="${i.scheduleValue ?? '1h'}" size="6" aria-invalid="${invalid}"></label>
      <label>Mode <select name="mode"><option value="incremental">incremental</option>
        <option value="full">full</option></select></label>
      <button type="submit">Create schedule</button></form>${fieldError({ every: i.scheduleError }, 'every')}`;
  }
  const next = s.nextRuns ?? [];
  const toggle = s.paused
    ? actionButton(i.session, `${base}/schedule`, 'Resume', 'resume')
    : actionButton(i.session, `${base}/schedule`, 'Pause', 'pause');
  return html`<p data-schedule-state="${s.paused ? 'paused' : 'active'}">
    ${statusBadge(s.paused ? 'paused' : 'active')} ${s.spec}
    ${s.note ? html`<span class="muted">— ${s.note}</span>` : ''}</p>
    <p>Next: ${next.length ? next.map((t) => html`${when(t)} `) : html`<span class="muted">none while paused</span>`}
    </p>
    <div class="row">${toggle} ${actionButton(i.session, `${base}/schedule`, 'Trigger now', 'trigger')}</div>`;
}

const countsText = (counts: Record<string, number>) =>
  Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ') || '—';
const errorText = (e: unknown) => (typeof e === 'string' ? e : JSON.stringify(e));

function runsTable(detail: ConfigDetail): SafeHtml {
  if (detail.runs.length === 0) return html`<p class="empty">No runs yet.</p>`;
  const rows = detail.runs.map((r) => html`<tr><td>${when(r.startedAt)}</td><td>${r.mode}</td>
    <td>${statusBadge(r.status)}</td><td>${countsText(r.counts)}</td>
    <td class="error-text">${r.errors.map((e) => html`<div>${errorText(e)}</div>`)}</td></tr>`);
  return html`<table data-section="runs"><thead><tr><th>Started</th><th>Mode</th><th>Status</th><th>Counts</th>
    <th>Errors</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** A stored reason is `path: message; path: message` (schema/parse.ts formatIssues): one item per field. */
function reasons(reason: string): SafeHtml {
  return html`<ul class="reasons">${reason.split('; ').map((r) => {
    const at = r.indexOf(': ');
    return at > 0 ? html`<li><code>${r.slice(0, at)}</code> ${r.slice(at + 2)}</li>` : html`<li>${r}</li>`;
  })}</ul>`;
}

function quarantineTable(detail: ConfigDetail): SafeHtml {
  if (detail.quarantine.length === 0) return html`<p class="empty">Nothing quarantined.</p>`;
  const rows = detail.quarantine.map((q) => html`<tr><td>${q.model}</td><td>${q.sourceId ?? ''}</td>
    <td>${reasons(q.reason)}</td><td>${json(q.raw)}</td></tr>`);
  return html`<table data-section="quarantine"><thead><tr><th>Model</th><th>Source id</th><th>Field-level reasons</th>
    <th>Record</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function recordsTable(detail: ConfigDetail): SafeHtml {
  if (detail.records.length === 0) return html`<p class="empty">No records yet.</p>`;
  const rows = detail.records.map((r) =>
    html`<tr><td>${r.model}</td><td>${r.sourceId}</td><td>${json(r.data)}</td></tr>`);
  return html`<table data-section="records"><thead><tr><th>Model</th><th>Source id</th><th>Data</th></tr></thead>
    <tbody>${rows}</tbody></table>`;
}

function credentialsSection(i: ConfigPageInput, base: string): SafeHtml {
  const errors = i.credentialErrors ?? {};
  const names = i.detail.credentials.map((c) =>
    html`<span class="badge" data-credential="${c.name}">${c.name}</span> `);
  return html`<p>${names.length ? names : html`<span class="muted">none</span>`}
    <span class="muted">Values are write-only: stored encrypted, never shown.</span></p>
    <form method="post" action="${base}/credentials" class="row" autocomplete="off">${csrfField(i.session)}
    <label>Name <input name="name" value="${i.credentialName ?? i.detail.credentials[0]?.name ?? ''}"></label>
    ${fieldError(errors, 'credential.name')}
    <label>New value <input name="value" type="password" autocomplete="new-password"></label>
    ${fieldError(errors, 'credential.value')}
    <button type="submit">Set / rotate</button></form>`;
}

function progressSection(i: ConfigPageInput, base: string): SafeHtml {
  const unknown = html`<p class="muted" data-phase="unknown" data-running="1">
    unknown while Temporal is unreachable</p>`;
  return html`<div id="progress" data-progress-url="${base}/progress" data-page-url="${base}">
    ${i.status ? progressView(i.status) : unknown}</div>
    <div class="row">${actionButton(i.session, `${base}/sync`, 'Sync now')}
    <form method="post" action="${base}/sync" class="inline">${csrfField(i.session)}
      <input type="hidden" name="mode" value="full"><button type="submit">Full sync</button></form></div>`;
}

export function configPage(i: ConfigPageInput): SafeHtml {
  const c = i.detail.config;
  const base = `/console/configs/${c.id}`;
  const link = i.temporalLink
    ? html` · <a href="${i.temporalLink}" target="_blank" rel="noopener" data-temporal-link>
      Runs in the Temporal Web UI</a>`
    : '';
  const error = c.errorMessage ? html`<p class="error-text" data-config-error>${c.errorMessage}</p>` : '';
  return html`<section class="summary">
    <p>${c.connector} · ${statusBadge(c.syncStatus)} · last sync ${when(c.lastSyncAt)}${link}</p>
    ${error}${json(c.config)}</section>
  <section><h2>Live sync progress</h2>${progressSection(i, base)}</section>
  <section><h2>Schedule</h2>${scheduleSection(i, base)}</section>
  <section><h2>Run history</h2>${runsTable(i.detail)}</section>
  <section><h2>Quarantined records</h2>${quarantineTable(i.detail)}</section>
  <section><h2>Latest records</h2>${recordsTable(i.detail)}</section>
  <section><h2>Credentials</h2>${credentialsSection(i, base)}</section>`;
}
