import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MessagesRequest {
  model: string;
  system?: unknown;
  tools?: Array<{ name: string; description: string; input_schema: Record<string, unknown> }>;
  messages: Array<{ role: string; content: string | Array<Record<string, unknown>> }>;
}

export type ScriptedTurn =
  | { tool: string; input: Record<string, unknown> | ((req: MessagesRequest) => Record<string, unknown>) }
  | { text: string | ((req: MessagesRequest) => string) };

/** The tool_result blocks the agent sent back so far, parsed, newest last. */
export function toolResults(req: MessagesRequest): Array<Record<string, unknown>> {
  const blocks = req.messages.flatMap((m) => (Array.isArray(m.content) ? m.content : [])).filter((b) => b.type === 'tool_result');
  return blocks.map((b) => {
    const content = b.content as string | Array<{ text: string }>;
    return JSON.parse(typeof content === 'string' ? content : content.map((c) => c.text).join('')) as Record<string, unknown>;
  });
}

/**
 * A local server that speaks the Anthropic Messages API (POST /v1/messages) and answers each request with the
 * next scripted turn: a tool call (stop_reason tool_use) or a final text. No network; the script can read what
 * the agent sent (earlier tool results) to decide its next answer, as a model would.
 */
export async function scriptedMessagesApi(script: ScriptedTurn[]) {
  const requests: MessagesRequest[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const body = JSON.parse(raw) as MessagesRequest;
      requests.push(body);
      const turn = script[requests.length - 1] ?? { text: 'script exhausted' };
      const n = requests.length;
      const content =
        'tool' in turn
          ? [{ type: 'tool_use', id: `toolu_${n}`, name: turn.tool, input: typeof turn.input === 'function' ? turn.input(body) : turn.input }]
          : [{ type: 'text', text: typeof turn.text === 'function' ? turn.text(body) : turn.text }];
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          id: `msg_${n}`,
          type: 'message',
          role: 'assistant',
          model: body.model,
          content,
          stop_reason: 'tool' in turn ? 'tool_use' : 'end_turn',
          stop_sequence: null,
          usage: { input_tokens: 10, output_tokens: 10 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
