import type Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod';
import { modelJsonSchema } from '../schema/json-schema';
import { MappingRule, parseMapping, sourcePaths, type MappableModel, type Mapping } from './format';
import type { Proposal } from './heuristic';
import type { CandidateResource } from './spec-parser';

export interface ClaudeMapperOptions {
  apiKey: string;
  model: string;
  baseURL?: string;
  /** answers asked for in total, the first included; each invalid answer is sent back with its errors */
  maxAttempts?: number;
  timeoutMs?: number;
}

const TOOL = 'propose_mapping';
const Answer = z.object({
  rules: z.array(MappingRule).min(1).describe('one rule per canonical field you can fill from the source'),
  confidence: z.number().min(0).max(1).describe('your overall confidence that the mapping is right'),
});
const inputSchema = z.toJSONSchema(Answer, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;

function prompt(resource: CandidateResource, model: MappableModel): string {
  // the same flattened candidates the heuristic sees: array paths (`Lines[].Qty`), formats, enum values
  const fields = resource.fields.map((f) => ({
    path: f.path,
    type: f.type,
    format: f.format,
    description: f.description?.slice(0, 160),
    example: f.example,
    enum: f.enum,
  }));
  return [
    `Map the API resource "${resource.schemaName ?? resource.name}" to the canonical model "${model}".`,
    resource.endpoint ? `It is returned by GET ${resource.endpoint.path}${resource.idParam ? `; its id parameter is {${resource.idParam}}` : ''}.` : '',
    `Call ${TOOL} once. Each rule maps one canonical field (target, dotted for nested objects such as "billing_address.city";`,
    'invoice lines as "line_items[].description", "line_items[].quantity", "line_items[].unit_price", "line_items[].total")',
    'from a source: {"path": "<a candidate field path>"}, {"const": value}, {"join": [parts], "sep": " "} or {"coalesce": [parts]},',
    'then transforms in order (trim, lower, upper, to_string, to_number, to_decimal, unix_to_iso, unix_ms_to_iso, to_iso, unix_to_date,',
    'unix_ms_to_date, to_date, minor_to_decimal with currency_path or currency, split, lookup with table and fallback, default).',
    'Paths use dots and [] for list items. To read one element of a typed list, replace [] with a predicate on a field of the',
    'element, e.g. "Phones[PhoneType=DEFAULT].PhoneNumber" or "addresses[default_billing=true].city". Every line_items[] rule reads',
    'the same list ("Lines[].Amount"). Map status with a lookup from the enum values to draft, pending, paid, void or overdue.',
    'Set "review": true on a rule you are unsure of. Use only the candidate paths below. Always map source_id. Leave out fields you',
    'cannot fill.',
    '',
    `Target model JSON Schema:\n${JSON.stringify(modelJsonSchema(model))}`,
    '',
    `Candidate source fields:\n${JSON.stringify(fields)}`,
  ].join('\n');
}

/** Checks an answer: the rules format, then that every path read exists in the resource. */
export function checkAnswer(
  input: unknown,
  resource: CandidateResource,
  model: MappableModel,
  sourceSystem: string,
): { ok: true; mapping: Mapping } | { ok: false; errors: string[] } {
  const answer = Answer.safeParse(input);
  if (!answer.success) return { ok: false, errors: answer.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`) };
  const parsed = parseMapping({ model, source_system: sourceSystem, resource: resource.schemaName ?? resource.name, ...answer.data });
  if (!parsed.ok) return parsed;
  // a predicate picks an element of a listed array: `Phones[PhoneType=DEFAULT].Number` reads `Phones[].Number`
  const shape = (p: string) => p.replace(/\[[^\]]*\]/g, '[]');
  const known = new Set(resource.fields.map((f) => shape(f.path)));
  const open = resource.fields.filter((f) => f.type === 'object').map((f) => `${shape(f.path)}.`);
  const errors: string[] = [];
  parsed.mapping.rules.forEach((rule, i) => {
    const paths = [...sourcePaths(rule.source), ...rule.transforms.flatMap((t) => (t.op === 'minor_to_decimal' && t.currency_path ? [t.currency_path] : []))];
    for (const p of paths) {
      if (!known.has(shape(p)) && !open.some((o) => shape(p).startsWith(o)))
        errors.push(`rules.${i}.source: path "${p}" is not a field of ${resource.name}; use one of the candidate paths`);
    }
  });
  return errors.length ? { ok: false, errors } : parsed;
}

/**
 * Asks Claude for a mapping through tool use (the tool's input schema is the rules format), validates the answer
 * with zod and re-asks with the validation errors, at most maxAttempts times in total.
 */
export async function proposeWithClaude(
  resource: CandidateResource,
  model: MappableModel,
  sourceSystem: string,
  options: ClaudeMapperOptions,
): Promise<Proposal> {
  // loaded on first use: the SDK adds about 20 MiB to a process, and most workers never generate a mapping
  const { default: AnthropicClient } = await import('@anthropic-ai/sdk');
  const client = new AnthropicClient({ apiKey: options.apiKey, baseURL: options.baseURL, timeout: options.timeoutMs ?? 60_000, maxRetries: 2 });
  const messages: Anthropic.MessageParam[] = [{ role: 'user', content: prompt(resource, model) }];
  const attempts = options.maxAttempts ?? 3;
  let lastErrors: string[] = [];
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const response = await client.messages.create({
      model: options.model,
      max_tokens: 4096,
      tools: [{ name: TOOL, description: 'Propose the field mapping', input_schema: inputSchema as Anthropic.Tool.InputSchema }],
      tool_choice: { type: 'tool', name: TOOL },
      messages,
    });
    const call = response.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use' && b.name === TOOL);
    const checked = call
      ? checkAnswer(call.input, resource, model, sourceSystem)
      : { ok: false as const, errors: [`no ${TOOL} tool call in the answer; call the tool`] };
    if (checked.ok) {
      const confidence = Math.round((checked.mapping.confidence ?? 0.5) * 100) / 100;
      const mapping = { ...checked.mapping, confidence };
      return { mapping, confidence, unmapped: [], proposer: 'claude', notes: [`accepted on attempt ${attempt}`] };
    }
    lastErrors = checked.errors;
    messages.push({ role: 'assistant', content: response.content });
    const feedback = `The mapping is invalid:\n${checked.errors.slice(0, 30).join('\n')}\nFix these and call ${TOOL} again.`;
    messages.push({
      role: 'user',
      content: call ? [{ type: 'tool_result', tool_use_id: call.id, is_error: true, content: feedback }] : feedback,
    });
  }
  throw new Error(`Claude gave no valid mapping in ${attempts} attempts; last errors: ${lastErrors.slice(0, 5).join('; ')}`);
}
