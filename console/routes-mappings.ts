import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { parseMapping, type Mapping } from '../mapping/format';
import { findMapping, updateMappingRules } from '../store/mapping-store';
import { asUser } from '../store/rls';
import { rootMessage } from '../contracts/errors';
import { decideMappingUpdate, mappingStateQuery, type MappingState } from '../workflows/mapping';
import type { ConsoleUser } from './auth';
import { html, statusBadge, when } from './html';
import { page } from './layout';
import { withDeadline, workflowUiLink } from './live';
import { applyRuleEdit } from './mapping-edit';
import { soft } from './outage';
import { mappingPage, type MappingPageInput } from './pages/mapping-page';
import { NotFoundError } from '../config/errors';
import type { ConsoleDeps, ConsoleSession } from './types';

type Form = Record<string, string | undefined>;
const ID = /^[A-Za-z0-9_-]{1,100}$/;
const FLASH: Record<string, string> = {
  edited: 'Rule saved on the draft; the samples below use it.',
  approved: 'Approved: the mapping is live and the workflow has completed.',
  rejected: 'Rejected: the workflow has completed.',
};
const sendPage = (reply: FastifyReply, status: number, p: { text: string }) => reply.code(status).type('text/html; charset=utf-8').send(p.text);

async function load(deps: ConsoleDeps, user: ConsoleUser, id: string) {
  if (!ID.test(id)) throw new NotFoundError(`no mapping ${id}`);
  const handle = deps.temporal.client.workflow.getHandle(`mapping:${id}`);
  let status: string;
  try {
    status = (await withDeadline(deps, () => handle.describe())).status.name;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new NotFoundError(`no mapping ${id}`);
    throw err;
  }
  const state: MappingState = await withDeadline(deps, () => handle.query(mappingStateQuery), 10_000);
  // schema_mappings is readable by every signed-in user (RLS); a draft row holds the rules as a person edited them
  const row = state.mappingId ? await asUser(deps.db, user, (tx) => findMapping(tx, state.mappingId!)) : undefined;
  const parsed = row?.status === 'draft' ? parseMapping(row.mappingRules) : undefined;
  return { handle, status, state, row, draft: parsed?.ok ? parsed.mapping : undefined };
}

async function listRuns(deps: ConsoleDeps) {
  const rows: Array<{ id: string; status: string; start: string }> = [];
  const query = `WorkflowType = 'mappingWorkflow'`;
  await withDeadline(
    deps,
    async () => {
      for await (const w of deps.temporal.client.workflow.list({ query, pageSize: 50 })) {
        rows.push({ id: w.workflowId.replace(/^mapping:/, ''), status: w.status.name, start: w.startTime.toISOString() });
        if (rows.length >= 50) break;
      }
    },
    10_000,
  );
  return rows;
}

const sameRules = (a: Mapping | undefined, b: Mapping | undefined) => JSON.stringify(a) === JSON.stringify(b);
const OPERATORS_ONLY = html`<p>A mapping is shared by every user of its connector, so only an operator (service role) edits or decides it.</p>`;

export function registerMappingRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  app.get('/mappings', async (req, reply) => {
    const session = req.consoleSession!;
    const listed = await soft(() => listRuns(deps));
    const table = (runs: Awaited<ReturnType<typeof listRuns>>) =>
      html`<table>
        <thead>
          <tr>
            <th>Mapping</th>
            <th>Workflow</th>
            <th>Started</th>
          </tr>
        </thead>
        <tbody>
          ${runs.map(
            (m) =>
              html`<tr data-mapping-id="${m.id}">
                <td><a href="/console/mappings/${m.id}">${m.id}</a></td>
                <td>${statusBadge(m.status)}</td>
                <td>${when(m.start)}</td>
              </tr>`,
          )}
        </tbody>
      </table>`;
    const empty = html`<p class="empty">No mapping runs. Start one with <code>fabric mapping generate --spec file --model customer</code>.</p>`;
    const body = !listed.ok
      ? html`<p class="muted">Mapping runs cannot be listed while Temporal is unreachable.</p>`
      : listed.value.length === 0
        ? empty
        : table(listed.value);
    return sendPage(reply, 200, page({ title: 'Mappings', session, body, down: listed.ok ? [] : [listed.down] }));
  });

  const render = (reply: FastifyReply, status: number, input: MappingPageInput, flash?: string) => {
    const link = workflowUiLink(deps, `mapping:${input.id}`);
    const ui = link ? html`<p><a href="${link}" target="_blank" rel="noopener">This run in the Temporal Web UI</a></p>` : '';
    const body = html`${ui}${mappingPage(input)}`;
    return sendPage(reply, status, page({ title: `Mapping ${input.id}`, session: input.session, body, flash }));
  };
  type Loaded = Awaited<ReturnType<typeof load>>;
  const pageInput = (session: ConsoleSession, id: string, m: Loaded): MappingPageInput => ({
    session,
    id,
    workflowStatus: m.status,
    state: m.state,
    draft: m.draft,
  });

  app.get<{ Params: { id: string }; Querystring: { done?: string } }>('/mappings/:id', async (req, reply) => {
    const session = req.consoleSession!;
    const m = await load(deps, session.user, req.params.id);
    return render(reply, 200, pageInput(session, req.params.id, m), FLASH[req.query.done ?? '']);
  });

  const operatorsOnly = (reply: FastifyReply, session: ConsoleSession) =>
    sendPage(reply, 403, page({ title: 'Operators only', session, body: OPERATORS_ONLY }));

  app.post<{ Params: { id: string; index: string }; Body: Form }>('/mappings/:id/rules/:index', async (req, reply) => {
    const session = req.consoleSession!;
    if (!session.user.operator) return operatorsOnly(reply, session);
    const m = await load(deps, session.user, req.params.id);
    const current = m.draft ?? m.state.mapping;
    const index = Number(req.params.index);
    if (!current || !m.row || !Number.isInteger(index) || !current.rules[index]) {
      throw new NotFoundError('no such rule');
    }
    const edit = applyRuleEdit(current, index, req.body);
    if (edit.ok) {
      await asUser(deps.db, session.user, (tx) => updateMappingRules(tx, m.row!.id, edit.mapping));
      return reply.redirect(`/console/mappings/${req.params.id}?done=edited`, 303);
    }
    const editErrors = { index, errors: edit.errors, source: req.body.source, transforms: req.body.transforms };
    return render(reply, 400, { ...pageInput(session, req.params.id, m), editErrors });
  });

  app.post<{ Params: { id: string }; Body: Form }>('/mappings/:id/decide', async (req, reply) => {
    const session = req.consoleSession!;
    if (!session.user.operator) return operatorsOnly(reply, session);
    const decision = req.body.op === 'approve' ? 'approve' : req.body.op === 'reject' ? 'reject' : undefined;
    if (!decision) {
      const body = html`<p>op: must be approve or reject</p>`;
      return sendPage(reply, 400, page({ title: 'Bad request', session, body }));
    }
    const m = await load(deps, session.user, req.params.id);
    // the same update the CLI sends (fabric mapping approve --mapping): edits travel with the decision
    const mapping = m.draft && !sameRules(m.draft, m.state.mapping) ? m.draft : undefined;
    const by = `console:${session.user.label}`;
    try {
      const update = () => m.handle.executeUpdate(decideMappingUpdate, { args: [{ decision, by, mapping }] });
      await withDeadline(deps, update, 15_000);
      await withDeadline(deps, () => m.handle.result(), 15_000);
    } catch (err) {
      if (!(err instanceof WorkflowUpdateFailedError)) throw err;
      const body = html`<p class="error-text" role="alert">The workflow refused the decision: ${rootMessage(err)}</p>
        <p><a href="/console/mappings/${req.params.id}">Back</a></p>`;
      return sendPage(reply, 409, page({ title: 'Decision refused', session, body }));
    }
    const done = decision === 'approve' ? 'approved' : 'rejected';
    return reply.redirect(`/console/mappings/${req.params.id}?done=${done}`, 303);
  });
}
