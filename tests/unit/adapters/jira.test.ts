import { createQueryStringHash, encodeSymmetric, fromMethodAndUrl } from 'atlassian-jwt';
import { runCli } from '../../../cli/main';
import { jiraTime, jiraVendorSignals } from '../../../adapters/jira/api';
import { adfToText, issueFromUnified, issueToUnified, textToAdf } from '../../../adapters/jira/mapping';
import { compareKeys, jqlMinute, parseWatermark } from '../../../adapters/jira/search';
import { jiraScheme, queryStringHash } from '../../../adapters/jira/signature';
import { extractJiraEvent, interpretJiraEvent } from '../../../adapters/jira/webhook';
import type { SignedRequest } from '../../../adapters/core/webhook';
import { outboundPolicy, staticRefusal } from '../../../adapters/core/outbound-guard';
import { getAdapter } from '../../../adapters/core/catalogue';

const SECRET = 'connect-shared-secret';
const req = (headers: Record<string, string>, o: Partial<SignedRequest> = {}): SignedRequest => ({
  rawBody: Buffer.from('{"webhookEvent":"jira:issue_updated"}'),
  headers,
  method: 'POST',
  url: 'https://fabric.example.com/webhooks/jira/abc',
  secrets: [SECRET],
  nowMs: Date.now(),
  ...o,
});

describe('Atlassian JWT against atlassian-jwt', () => {
  it('computes the same qsh as the library, for paths, sorted and repeated query parameters and the jwt parameter', () => {
    for (const url of ['/webhooks/jira/abc', '/webhooks/jira/abc/?b=2&a=1&a=0&jwt=x', '/x?name=a%20b&k=%2A', '/']) {
      expect(queryStringHash('POST', url)).toBe(createQueryStringHash(fromMethodAndUrl('POST', url)));
    }
  });
  it('accepts a token the library signed and refuses the wrong secret, an expired token, another path and another algorithm', () => {
    const now = Math.floor(Date.now() / 1000);
    const token = (claims: Record<string, unknown> = {}, secret = SECRET) =>
      encodeSymmetric(
        { iss: 'jira:client', iat: now, exp: now + 60, qsh: createQueryStringHash(fromMethodAndUrl('POST', '/webhooks/jira/abc')), ...claims },
        secret,
      );
    expect(jiraScheme.verify(req({ authorization: `JWT ${token()}` }))).toEqual({ ok: true, secretIndex: 0 });
    expect(jiraScheme.verify(req({ authorization: `JWT ${token()}` }, { secrets: ['new', SECRET] }))).toEqual({ ok: true, secretIndex: 1 });
    expect(jiraScheme.verify(req({ authorization: `JWT ${token({}, 'other')}` }))).toMatchObject({ ok: false, reason: expect.stringMatching(/signature/) });
    expect(jiraScheme.verify(req({ authorization: `JWT ${token({ exp: now - 100 })}` }))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/expired/),
    });
    expect(jiraScheme.verify(req({ authorization: `JWT ${token({ iat: now + 600 })}` }))).toMatchObject({ ok: false, reason: expect.stringMatching(/future/) });
    expect(jiraScheme.verify(req({ authorization: `JWT ${token({ qsh: 'x' })}` }))).toMatchObject({ ok: false, reason: expect.stringMatching(/qsh/) });
    const [, p, s] = token().split('.');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.${s}`;
    expect(jiraScheme.verify(req({ authorization: `JWT ${none}` }))).toMatchObject({ ok: false, reason: expect.stringMatching(/not HS256/) });
    expect(jiraScheme.verify(req({ authorization: 'JWT nonsense' }))).toMatchObject({ ok: false, reason: expect.stringMatching(/not a JSON Web Token/) });
  });
  it('checks X-Hub-Signature over the body', () => {
    const headers = jiraScheme.sign({ rawBody: '{"webhookEvent":"jira:issue_updated"}', secret: SECRET });
    expect(jiraScheme.verify(req(headers)).ok).toBe(true);
    expect(jiraScheme.verify(req(headers, { rawBody: Buffer.from('{}') })).ok).toBe(false);
    expect(jiraScheme.verify(req({ 'x-hub-signature': 'sha1=00' }))).toMatchObject({ ok: false, reason: expect.stringMatching(/sha256/) });
    expect(jiraScheme.verify(req({}))).toMatchObject({ ok: false, reason: expect.stringMatching(/neither/) });
  });
});

test("JQL minutes in the account's time zone, key order, watermarks, Jira times and errors", () => {
  const ms = Date.parse('2026-07-01T10:05:59.999Z');
  expect(jqlMinute(ms, 'UTC')).toBe('2026-07-01 10:05');
  expect(jqlMinute(ms, 'Europe/Berlin')).toBe('2026-07-01 12:05');
  expect(jqlMinute(ms, 'America/Los_Angeles')).toBe('2026-07-01 03:05');
  expect(['PROJ-10', 'ABC-2', 'PROJ-9'].sort(compareKeys)).toEqual(['ABC-2', 'PROJ-9', 'PROJ-10']);
  expect(parseWatermark('2026-07-01T10:05:59.999Z#PROJ-7')).toEqual({ lu: ms, lk: 'PROJ-7' });
  expect(parseWatermark('2026-07-01T10:05:59.999Z')).toEqual({ lu: ms, lk: null });
  expect(() => parseWatermark('yesterday')).toThrow(/not a Jira watermark/);
  expect(jiraTime('2026-07-01T12:05:59.999+0200')).toBe('2026-07-01T10:05:59.999Z');
  expect(jiraTime('garbage')).toBeNull();
  expect(jiraVendorSignals(new Response(), { errorMessages: ['Field x'], errors: { summary: 'required' } })).toEqual({ message: 'Field x; summary: required' });
  expect(jiraVendorSignals(new Response(), undefined)).toBeUndefined();
});

test('mapping: ADF both ways, status categories, create needs a project', () => {
  expect(adfToText(textToAdf('one\ntwo'))).toBe('one\ntwo');
  expect(
    adfToText({
      type: 'doc',
      content: [
        { type: 'heading', content: [{ type: 'text', text: 'T' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'a' }, { type: 'hardBreak' }, { type: 'text', text: 'b' }] },
      ],
    }),
  ).toBe('T\na\nb');
  expect(adfToText(null)).toBeNull();
  expect(adfToText('plain')).toBe('plain');
  const t = issueToUnified(
    { id: '1', key: 'P-1', fields: { summary: 's', status: { name: 'Done', statusCategory: { key: 'done' } }, updated: '2026-01-01T00:00:00.000+0000' } },
    { baseUrl: 'https://x.atlassian.net/' },
  );
  expect(t).toMatchObject({ status_category: 'done', url: 'https://x.atlassian.net/browse/P-1', updated_at: '2026-01-01T00:00:00.000Z', labels: [] });
  expect(() => issueFromUnified({ title: 'x' }, { defaultIssueType: 'Task' }, true)).toThrow(/project_key: a ticket created in Jira needs a project/);
  expect(
    issueFromUnified(
      { title: 'x', priority: 'High', assignee_id: 'acc', due_date: '2027-01-01', labels: ['a b'] },
      { defaultProject: 'P', defaultIssueType: 'Bug' },
      true,
    ),
  ).toEqual({
    fields: {
      summary: 'x',
      priority: { name: 'High' },
      assignee: { accountId: 'acc' },
      duedate: '2027-01-01',
      labels: ['a_b'],
      project: { key: 'P' },
      issuetype: { name: 'Bug' },
    },
  });
});

test('webhook events: ids from the header or the delivery, ignored and failed with reasons', () => {
  const body = { webhookEvent: 'jira:issue_updated', timestamp: 5, issue: { id: '10', key: 'P-1', fields: { updated: '2026-01-01T00:00:00.000+0000' } } };
  expect(extractJiraEvent(body, { 'x-atlassian-webhook-identifier': 'abc' })).toMatchObject({
    ok: true,
    events: [{ eventId: 'abc', eventType: 'jira:issue_updated' }],
  });
  expect(extractJiraEvent(body, {})).toMatchObject({ ok: true, events: [{ eventId: 'jira:issue_updated:10:5' }] });
  expect(extractJiraEvent({ webhookEvent: 'x' }, {})).toMatchObject({ ok: false, message: expect.stringMatching(/cannot be deduplicated/) });
  expect(extractJiraEvent([], {})).toMatchObject({ ok: false });
  const i = (payload: unknown) => interpretJiraEvent({ eventId: 'e', eventType: null, payload });
  expect(i(body)).toMatchObject({ status: 'apply', changes: [{ op: 'upsert', model: 'ticket', sourceId: '10', version: Date.parse('2026-01-01T00:00:00Z') }] });
  expect(i({ ...body, webhookEvent: 'jira:issue_deleted' })).toMatchObject({ status: 'apply', changes: [{ op: 'delete', version: 5 }] });
  expect(i({ ...body, webhookEvent: 'sprint_started' })).toMatchObject({ status: 'ignored' });
  expect(i({ webhookEvent: 'jira:issue_created' })).toMatchObject({ status: 'failed', reason: expect.stringMatching(/issue.id/) });
  expect(i({ ...body, issue: { id: '10', fields: {} } })).toMatchObject({ status: 'failed', reason: expect.stringMatching(/updated/) });
});

test('production mode allows any Jira Cloud site, and only those', () => {
  getAdapter('jira'); // registers its hosts
  const policy = outboundPolicy({ production: true, lookup: async () => [] });
  expect(staticRefusal('jira', 'https://acme.atlassian.net', policy)).toBeUndefined();
  for (const url of ['https://evilatlassian.net', 'https://atlassian.net.evil.example', 'https://atlassian.net']) {
    expect(staticRefusal('jira', url, policy)).toMatch(/not an allowed host for connector "jira"/);
  }
});

test('fabric connectors list shows jira with its capabilities and models', async () => {
  const out: string[] = [];
  expect(await runCli(['connectors', 'list', '--json'], { out: (t) => out.push(t), err: () => undefined }, { ...process.env })).toBe(0);
  const rows = (JSON.parse(out.join('\n')) as { connectors: Array<Record<string, unknown>> }).connectors;
  expect(rows.find((c) => c.name === 'jira')).toMatchObject({ capabilities: ['read', 'write', 'delete', 'webhook'], models: ['ticket'] });
  expect(rows.find((c) => c.name === 'hubspot')).toMatchObject({ models: ['customer', 'company'] });
});
