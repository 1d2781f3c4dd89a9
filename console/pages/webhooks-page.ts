import type { ConfigRow, EventRow, WebhookRow } from '../data';
import { fieldError, html, statusBadge, when, type SafeHtml } from '../html';
import { actionButton, csrfField } from '../layout';
import type { ConsoleSession, FieldErrors } from '../types';

export interface WebhooksPageInput {
  session: ConsoleSession;
  baseUrl: string;
  endpoints: WebhookRow[];
  events: EventRow[];
  configs: ConfigRow[];
  top?: SafeHtml;
  errors?: FieldErrors;
  form?: Record<string, string | undefined>;
}

export const endpointUrl = (baseUrl: string, w: { connector: string; endpointPath: string }) => `${baseUrl}/webhooks/${w.connector}/${w.endpointPath}`;

/** The one moment a secret is visible: the answer to the POST that made it (no-store, never stored in clear). */
export const secretOnce = (url: string, secret: string): SafeHtml =>
  html`<div class="secret-once" role="status">
    <p><strong>Copy this signing secret now: it will not be shown again.</strong></p>
    <p>URL <code data-webhook-url>${url}</code></p>
    <p>Secret <code data-new-secret>${secret}</code></p>
    <p>The previous secret (if any) is still accepted for 24 hours, so senders can switch over.</p>
  </div>`;

function endpointsTable(i: WebhooksPageInput): SafeHtml {
  if (i.endpoints.length === 0) return html`<p class="empty">No endpoints yet.</p>`;
  const rows = i.endpoints.map(
    (w) =>
      html`<tr data-webhook-id="${w.id}">
        <td><code>${endpointUrl(i.baseUrl, w)}</code></td>
        <td>${w.connector}</td>
        <td><a href="/console/configs/${w.configId}">${w.configName}</a></td>
        <td>${statusBadge(w.isActive ? 'active' : 'inactive')}</td>
        <td>${actionButton(i.session, `/console/webhooks/${w.id}/rotate`, 'Rotate secret')}</td>
      </tr>`,
  );
  return html`<table>
    <thead>
      <tr>
        <th>URL</th>
        <th>Connector</th>
        <th>Config</th>
        <th>State</th>
        <th></th>
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}

function createForm(i: WebhooksPageInput): SafeHtml {
  const errors = i.errors ?? {};
  const options = i.configs.map((c) => html`<option value="${c.id}" ${i.form?.configId === c.id ? html` selected` : ''}>${c.name} (${c.connector})</option>`);
  return html`<form method="post" action="/console/webhooks/new" class="row">
    ${csrfField(i.session)}
    <label
      >Config
      <select name="configId">
        ${options}
      </select></label
    >${fieldError(errors, 'configId')}
    <label>Path (optional) <input name="path" value="${i.form?.path ?? ''}" placeholder="random" /></label>
    ${fieldError(errors, 'path')}<button type="submit">Create endpoint</button>
  </form>`;
}

function eventsTable(i: WebhooksPageInput): SafeHtml {
  if (i.events.length === 0) return html`<p class="empty">No events received yet.</p>`;
  const rows = i.events.map(
    (e) =>
      html`<tr data-event-id="${e.eventId}">
        <td>${when(e.receivedAt)}</td>
        <td>${e.connector}</td>
        <td><code>${e.eventId}</code></td>
        <td>${e.eventType ?? ''}</td>
        <td>${statusBadge(e.status)}</td>
        <td class="error-text">${e.error ?? ''}</td>
        <td>${actionButton(i.session, `/console/webhooks/events/${e.id}/replay`, 'Replay')}</td>
      </tr>`,
  );
  return html`<table>
    <thead>
      <tr>
        <th>Received</th>
        <th>Connector</th>
        <th>Event</th>
        <th>Type</th>
        <th>Status</th>
        <th>Error</th>
        <th></th>
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}

export function webhooksPage(i: WebhooksPageInput): SafeHtml {
  return html`${i.top ?? ''}
    <h2>Endpoints</h2>
    ${endpointsTable(i)}${createForm(i)}
    <h2>Recent events</h2>
    ${eventsTable(i)}`;
}
