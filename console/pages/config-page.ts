import type { SyncStatus } from '../../client/sync';
import type { ConfigDetail } from '../data';
import { fieldError, html, json, statusBadge, when, type SafeHtml } from '../html';
import { quarantineTable, recordsTable, runsTable } from './config-tables';
import { progressView } from './sync-progress';

export { progressView } from './sync-progress';
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

function scheduleSection(i: ConfigPageInput, base: string): SafeHtml {
  const s = i.schedule;
  if (!s) return html`<p class="muted">Schedule unknown while Temporal is unreachable.</p>`;
  if (!s.exists) {
    const invalid = i.scheduleError ? 'true' : 'false';
    return html`<form method="post" action="${base}/schedule" class="row">
        ${csrfField(i.session)}
        <input type="hidden" name="op" value="create" />
        <label>Every <input name="every" value="${i.scheduleValue ?? '1h'}" size="6" aria-invalid="${invalid}" /></label>
        <label
          >Mode
          <select name="mode">
            <option value="incremental">incremental</option>
            <option value="full">full</option>
          </select></label
        >
        <button type="submit">Create schedule</button>
      </form>
      ${fieldError({ every: i.scheduleError }, 'every')}`;
  }
  const next = s.nextRuns ?? [];
  const toggle = s.paused ? actionButton(i.session, `${base}/schedule`, 'Resume', 'resume') : actionButton(i.session, `${base}/schedule`, 'Pause', 'pause');
  return html`<p data-schedule-state="${s.paused ? 'paused' : 'active'}">
      ${statusBadge(s.paused ? 'paused' : 'active')} ${s.spec} ${s.note ? html`<span class="muted">— ${s.note}</span>` : ''}
    </p>
    <p>Next: ${next.length ? next.map((t) => html`${when(t)} `) : html`<span class="muted">none while paused</span>`}</p>
    <div class="row">${toggle} ${actionButton(i.session, `${base}/schedule`, 'Trigger now', 'trigger')}</div>`;
}

function credentialsSection(i: ConfigPageInput, base: string): SafeHtml {
  const errors = i.credentialErrors ?? {};
  const names = i.detail.credentials.map((c) => html`<span class="badge" data-credential="${c.name}">${c.name}</span> `);
  return html`<p>
      ${names.length ? names : html`<span class="muted">none</span>`} <span class="muted">Values are write-only: stored encrypted, never shown.</span>
    </p>
    <form method="post" action="${base}/credentials" class="row" autocomplete="off">
      ${csrfField(i.session)}
      <label>Name <input name="name" value="${i.credentialName ?? i.detail.credentials[0]?.name ?? ''}" /></label>
      ${fieldError(errors, 'credential.name')}
      <label>New value <input name="value" type="password" autocomplete="new-password" /></label>
      ${fieldError(errors, 'credential.value')}
      <button type="submit">Set / rotate</button>
    </form>`;
}

function progressSection(i: ConfigPageInput, base: string): SafeHtml {
  const unknown = html`<p class="muted" data-phase="unknown" data-running="1">unknown while Temporal is unreachable</p>`;
  return html`<div id="progress" data-progress-url="${base}/progress" data-page-url="${base}">${i.status ? progressView(i.status) : unknown}</div>
    <div class="row">
      ${actionButton(i.session, `${base}/sync`, 'Sync now')}
      <form method="post" action="${base}/sync" class="inline">
        ${csrfField(i.session)} <input type="hidden" name="mode" value="full" /><button type="submit">Full sync</button>
      </form>
    </div>`;
}

export function configPage(i: ConfigPageInput): SafeHtml {
  const c = i.detail.config;
  const base = `/console/configs/${c.id}`;
  const link = i.temporalLink ? html` · <a href="${i.temporalLink}" target="_blank" rel="noopener" data-temporal-link> Runs in the Temporal Web UI</a>` : '';
  const error = c.errorMessage ? html`<p class="error-text" data-config-error>${c.errorMessage}</p>` : '';
  return html`<section class="summary">
      <p>${c.connector} · ${statusBadge(c.syncStatus)} · last sync ${when(c.lastSyncAt)}${link}</p>
      ${error}${json(c.config)}
    </section>
    <section>
      <h2>Live sync progress</h2>
      ${progressSection(i, base)}
    </section>
    <section>
      <h2>Schedule</h2>
      ${scheduleSection(i, base)}
    </section>
    <section>
      <h2>Run history</h2>
      ${runsTable(i.detail)}
    </section>
    <section>
      <h2>Quarantined records</h2>
      ${quarantineTable(i.detail)}
    </section>
    <section>
      <h2>Latest records</h2>
      ${recordsTable(i.detail)}
    </section>
    <section>
      <h2>Credentials</h2>
      ${credentialsSection(i, base)}
    </section>`;
}
