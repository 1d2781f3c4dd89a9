import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { proposeMapping } from '../../../mapping/propose';
import type { CandidateResource } from '../../../mapping/spec-parser';

const resource: CandidateResource = {
  schemaPointer: '/components/schemas/Widget',
  endpoints: [],
  name: 'people',
  examples: [],
  fields: [
    { path: 'id', type: 'string', origin: 'schema' },
    { path: 'mail', type: 'string', format: 'email', origin: 'schema' },
    { path: 'label', type: 'string', origin: 'schema' },
  ],
};

/** A local server speaking the Messages API: answers each POST /v1/messages with the next queued tool input. */
function fakeClaude(answers: unknown[]) {
  const requests: Array<{ body: Record<string, unknown>; auth?: string }> = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      requests.push({ body: JSON.parse(raw), auth: req.headers.authorization });
      const input = answers[Math.min(requests.length - 1, answers.length - 1)];
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          id: `msg_${requests.length}`,
          type: 'message',
          role: 'assistant',
          model: 'claude-test',
          stop_reason: 'tool_use',
          stop_sequence: null,
          content: [{ type: 'tool_use', id: `toolu_${requests.length}`, name: 'propose_mapping', input }],
          usage: { input_tokens: 10, output_tokens: 10 },
        }),
      );
    });
  });
  return new Promise<{ url: string; requests: typeof requests; close: () => Promise<void> }>((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        requests,
        close: () => new Promise((r) => server.close(() => r())),
      }),
    );
  });
}

const good = {
  confidence: 0.8,
  rules: [
    { target: 'source_id', source: { path: 'id' } },
    { target: 'email', source: { path: 'mail' }, transforms: [{ op: 'lower' }] },
    { target: 'full_name', source: { path: 'label' } },
  ],
};

describe('Claude mapper', () => {
  it('re-asks with the validation errors when the first answer is malformed, then accepts', async () => {
    const api = await fakeClaude([{ rules: [{ target: 'email', source: { path: 'nonexistent' }, transforms: [{ op: 'eval' }] }] }, good]);
    try {
      const p = await proposeMapping(resource, 'customer', 'acme', { anthropic: { apiKey: 'sk-test-secret', baseURL: api.url, model: 'claude-test' } });
      expect(p.proposer).toBe('claude');
      expect(p.confidence).toBe(0.8);
      expect(p.mapping.rules.map((r) => r.target)).toEqual(['source_id', 'email', 'full_name']);
      expect(api.requests).toHaveLength(2);
      const first = api.requests[0]!.body;
      expect(first.model).toBe('claude-test');
      expect(first.tool_choice).toEqual({ type: 'tool', name: 'propose_mapping' });
      const promptText = (first.messages as Array<{ content: string }>)[0]!.content;
      expect(promptText).toContain('"required":["source_system","source_id","email","full_name"]'); // the target JSON Schema
      expect(promptText).toContain('{"path":"mail","type":"string","format":"email"}'); // and the candidate fields
      const retry = JSON.stringify(api.requests[1]!.body.messages);
      expect(retry).toContain('tool_result');
      expect(retry).toMatch(/rules\.0\.transforms\.0/);
      expect(api.requests[0]!.auth).toBe('Bearer sk-test-secret'); // this SDK version sends the key as a bearer token
    } finally {
      await api.close();
    }
  });

  it('rejects paths the resource does not have, and falls back to heuristics after the bounded attempts', async () => {
    const bad = { confidence: 0.9, rules: [{ target: 'source_id', source: { path: 'ghost' } }] };
    const api = await fakeClaude([bad]);
    try {
      const p = await proposeMapping(resource, 'customer', 'acme', { anthropic: { apiKey: 'sk-test-secret', baseURL: api.url, model: 'm', maxAttempts: 2 } });
      expect(api.requests).toHaveLength(2);
      expect(JSON.stringify(api.requests[1]!.body.messages)).toContain('path \\"ghost\\" is not a field of people');
      expect(p.proposer).toBe('heuristic');
      expect(p.notes?.[0]).toMatch(/Claude failed .*2 attempts/);
      expect(p.notes?.join()).not.toContain('sk-test-secret');
    } finally {
      await api.close();
    }
  });

  it('uses the heuristic mapper when no key is configured', async () => {
    const p = await proposeMapping(resource, 'customer', 'acme', { anthropic: { model: 'm' } });
    expect(p.proposer).toBe('heuristic');
    expect(p.mapping.rules.find((r) => r.target === 'email')?.source).toEqual({ path: 'mail' });
  });
});
