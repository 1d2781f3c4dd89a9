import type { FastifyInstance, FastifyReply } from 'fastify';
import { createSyncSchedule, controlSyncSchedule } from '../client/schedules';
import { startSync } from '../client/sync';
import { configDetail, configForUser, listConfigs } from './data';
import { html, statusBadge, when } from './html';
import { page } from './layout';
import { scheduleInfo, schedulesByConfig, syncStatus, temporalUiLink, withDeadline } from './live';
import { soft, type Dependency } from './outage';
import { configPage, progressView, type ConfigPageInput } from './pages/config-page';
import { registerNewConfigRoutes } from './routes-new-config';
import { rotateCredential } from './writes';
import type { ConsoleDeps, ConsoleSession } from './types';

type Form = Record<string, string | undefined>;
const FLASH: Record<string, string> = {
  sync: 'Sync started.',
  'sync-running': 'A sync of this config is already running; showing it.',
  created: 'Config created.',
  'schedule-created': 'Schedule created.',
  paused: 'Schedule paused.',
  resumed: 'Schedule resumed.',
  triggered: 'Schedule triggered: a sync starts now.',
  rotated: 'Credential replaced. The new value is stored encrypted and will not be shown.',
};
const SCHEDULE_OPS = {
  pause: ['pause', 'paused'],
  resume: ['unpause', 'resumed'],
  trigger: ['trigger', 'triggered'],
} as const;

const sendPage = (reply: FastifyReply, status: number, p: { text: string }) => reply.code(status).type('text/html; charset=utf-8').send(p.text);

export function registerConfigRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  registerNewConfigRoutes(app, deps);

  /** The config page; with `extra` it re-renders a form that failed validation (status 400). */
  const renderConfig = async (reply: FastifyReply, session: ConsoleSession, id: string, extra: Partial<ConfigPageInput> = {}, flash?: string) => {
    const detail = await configDetail(deps.db, session.user, id);
    const [status, schedule] = await Promise.all([soft(() => syncStatus(deps, detail.config.id)), soft(() => scheduleInfo(deps, detail.config.id))]);
    const down = [...new Set([status, schedule].flatMap((r) => (r.ok ? [] : [r.down])))];
    const body = configPage({
      session,
      detail,
      status: status.ok ? status.value : undefined,
      schedule: schedule.ok ? schedule.value : undefined,
      temporalLink: temporalUiLink(deps, detail.config.id),
      ...extra,
    });
    const code = Object.keys(extra).length ? 400 : 200;
    return sendPage(reply, code, page({ title: detail.config.name, session, body, down, flash }));
  };

  app.get('/configs', async (req, reply) => {
    const session = req.consoleSession!;
    const configs = await listConfigs(deps.db, session.user);
    const schedules = await soft(() => schedulesByConfig(deps));
    const down: Dependency[] = schedules.ok ? [] : [schedules.down];
    const scheduleCell = (id: string) => {
      if (!schedules.ok) return html`<span class="muted">unknown</span>`;
      const s = schedules.value.get(id);
      if (!s) return html`<span class="muted">none</span>`;
      const next = s.nextRuns[0] ? html`next ${when(s.nextRuns[0])}` : '';
      return html`${statusBadge(s.paused ? 'paused' : 'active')} ${next}`;
    };
    const rows = configs.map(
      (c) =>
        html`<tr data-config-id="${c.id}">
          <td><a href="/console/configs/${c.id}">${c.name}</a></td>
          <td>${c.connector}</td>
          <td>${statusBadge(c.syncStatus)}</td>
          <td>${when(c.lastSyncAt)}</td>
          <td>${scheduleCell(c.id)}</td>
          <td class="error-text">${c.errorMessage ?? ''}</td>
        </tr>`,
    );
    const table = html`<table>
      <thead>
        <tr>
          <th>Name</th>
          <th>Connector</th>
          <th>Last sync</th>
          <th>When</th>
          <th>Schedule</th>
          <th>Error</th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>`;
    const body = html`<p><a class="button" href="/console/configs/new">New config</a></p>
      ${configs.length === 0 ? html`<p class="empty">No configs yet.</p>` : table}`;
    return sendPage(reply, 200, page({ title: 'Configs', session, body, down }));
  });

  app.get<{ Params: { id: string }; Querystring: { done?: string } }>('/configs/:id', async (req, reply) =>
    renderConfig(reply, req.consoleSession!, req.params.id, {}, FLASH[req.query.done ?? '']),
  );

  // polled by assets/console.js while a sync runs; the same markup the page renders, so no-JS pages stay correct
  app.get<{ Params: { id: string } }>('/configs/:id/progress', async (req, reply) => {
    const config = await configForUser(deps.db, req.consoleSession!.user, req.params.id);
    const status = await soft(() => syncStatus(deps, config.id));
    const view = status.ok
      ? progressView(status.value)
      : html`<p class="muted" data-phase="unknown" data-running="1">Temporal is unreachable; progress will show when it is back.</p>`;
    return reply.type('text/html; charset=utf-8').send(view.text);
  });

  app.post<{ Params: { id: string }; Body: Form }>('/configs/:id/sync', async (req, reply) => {
    const config = await configForUser(deps.db, req.consoleSession!.user, req.params.id);
    const mode = req.body.mode === 'full' ? 'full' : 'incremental';
    const { client, taskQueue } = deps.temporal;
    const started = await withDeadline(deps, () => startSync(client, taskQueue, config.id, { mode }), 10_000);
    const done = started.alreadyRunning ? 'sync-running' : 'sync';
    return reply.redirect(`/console/configs/${config.id}?done=${done}`, 303);
  });

  app.post<{ Params: { id: string }; Body: Form }>('/configs/:id/schedule', async (req, reply) => {
    const session = req.consoleSession!;
    const config = await configForUser(deps.db, session.user, req.params.id);
    const { client, taskQueue } = deps.temporal;
    const op = req.body.op;
    if (op === 'create') {
      const every = req.body.every?.trim();
      if (!every || !/^\d+(s|m|h|d)$/.test(every)) {
        return renderConfig(reply, session, config.id, {
          scheduleError: 'every: give a number and a unit, e.g. 30s, 15m, 1h or 1d',
          scheduleValue: every,
        });
      }
      const mode = req.body.mode === 'full' ? 'full' : 'incremental';
      const note = `created in the console by ${session.user.label}`;
      await withDeadline(deps, () => createSyncSchedule(client, taskQueue, config.id, { every, mode, note }));
      return reply.redirect(`/console/configs/${config.id}?done=schedule-created`, 303);
    }
    const known = op === 'pause' || op === 'resume' || op === 'trigger' ? SCHEDULE_OPS[op] : undefined;
    if (!known) {
      const body = html`<p>op: must be create, pause, resume or trigger</p>`;
      return sendPage(reply, 400, page({ title: 'Bad request', session, body }));
    }
    const [action, done] = known;
    const note = `${action} in the console by ${session.user.label}`;
    await withDeadline(deps, () => controlSyncSchedule(client, config.id, action, note));
    return reply.redirect(`/console/configs/${config.id}?done=${done}`, 303);
  });

  app.post<{ Params: { id: string }; Body: Form }>('/configs/:id/credentials', async (req, reply) => {
    const session = req.consoleSession!;
    const name = req.body.name?.trim() ?? '';
    const value = req.body.value ?? '';
    const errors: Record<string, string> = {};
    if (!/^[A-Za-z0-9_.-]{1,200}$/.test(name)) {
      errors['credential.name'] = 'name: 1-200 letters, digits, _ . or -, e.g. api_key';
    }
    if (value === '') errors['credential.value'] = 'value: must not be empty';
    if (Object.keys(errors).length) {
      return renderConfig(reply, session, req.params.id, { credentialErrors: errors, credentialName: name });
    }
    await rotateCredential(deps.db, deps.credentials, session.user, req.params.id, name, value);
    return reply.redirect(`/console/configs/${req.params.id}?done=rotated`, 303);
  });
}
