import { z } from 'zod';
import { CURRENT_VERSION, MODEL_NAMES, upgradeRecord, type ModelName } from '../../schema';
import { asCaller, requireOwnConfig, type AgentContext } from '../context';
import { decodeCursor, encodeCursor } from '../cursor';
import { defineTool } from '../tool-kit';

/** A page of records stays well under what a model's context (and an MCP message) should carry. */
export const MAX_RESULT_CHARS = 60_000;
export const MAX_PAGE = 50;

const filters = {
  config_id: z.uuid().describe('the config to read, from list_configs'),
  email: z.email().max(320).optional().describe('only records with exactly this email (case-insensitive)'),
  updated_since: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('only records the source changed at or after this ISO 8601 time, e.g. 2026-01-31T00:00:00Z'),
  text: z.string().min(2).max(200).optional().describe('only records whose fields contain this text (case-insensitive)'),
  limit: z.number().int().min(1).max(MAX_PAGE).default(20).describe(`records per call, at most ${MAX_PAGE}`),
  cursor: z.string().max(500).optional().describe('next_cursor from the previous call with the same filters'),
  include_deleted: z.boolean().default(false).describe('also return records the source has deleted'),
  include_raw: z.boolean().default(false).describe("also return each record's vendor payload (raw_data); large"),
};

export const searchRecordsInput = z.object({ model: z.enum(MODEL_NAMES).describe('canonical model'), ...filters }).strict();
export type SearchRecordsInput = z.output<typeof searchRecordsInput>;

interface Row {
  source_id: string;
  schema_version: string;
  data: Record<string, unknown>;
  external_id: string | null;
  deleted: boolean;
  updated_at: string;
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Canonical records of one of the caller's configs, keyset-paginated on source_id. */
export async function searchRecords(ctx: AgentContext, input: SearchRecordsInput) {
  await requireOwnConfig(ctx, input.config_id);
  return queryRecords(ctx, input);
}

/** The query itself, as the caller under RLS: another user's config yields no rows even without the check above. */
export async function queryRecords(ctx: AgentContext, input: SearchRecordsInput) {
  const after = decodeCursor(input.cursor, ['after'])?.after ?? null;
  const where = `config_id = $1 and model = $2
    and ($3::text is null or lower(data ->> 'email') = lower($3))
    and ($4::timestamptz is null or coalesce(source_updated_at, updated_at) >= $4::timestamptz)
    and ($5::text is null or (data - 'raw_data')::text ilike $5 escape '\\')
    and (not deleted or $6::boolean)`;
  const params = [
    input.config_id,
    input.model,
    input.email ?? null,
    input.updated_since ?? null,
    input.text ? likePattern(input.text) : null,
    input.include_deleted,
  ];
  const { rows, total } = await asCaller(ctx, async (tx) => {
    const page = await tx.query<Row>(
      `select source_id, schema_version, data, external_id, deleted, updated_at::text as updated_at
       from public.unified_records where ${where} and ($7::text is null or source_id > $7)
       order by source_id limit $8`,
      [...params, after, input.limit + 1],
    );
    const count = await tx.query<{ n: number }>(`select count(*)::int as n from public.unified_records where ${where}`, params);
    return { rows: page.rows, total: count.rows[0]?.n ?? 0 };
  });
  const records: Record<string, unknown>[] = [];
  let chars = 0;
  for (const row of rows.slice(0, input.limit)) {
    const record = present(input.model, row, input.include_raw);
    const size = JSON.stringify(record).length;
    if (records.length > 0 && chars + size > MAX_RESULT_CHARS) break;
    records.push(record);
    chars += size;
  }
  const more = rows.length > records.length;
  return {
    config_id: input.config_id,
    model: input.model,
    total_matching: total,
    returned: records.length,
    records,
    next_cursor: more ? encodeCursor({ after: String(records.at(-1)!.source_id) }) : null,
    ...(more && records.length < Math.min(input.limit, rows.length) ? { note: `page cut at ${MAX_RESULT_CHARS} characters` } : {}),
  };
}

function present(model: ModelName, row: Row, includeRaw: boolean): Record<string, unknown> {
  let data = row.data;
  if (row.schema_version !== CURRENT_VERSION[model]) data = upgradeRecord(model, row.schema_version, data);
  const { raw_data: raw, ...fields } = data;
  return {
    ...fields,
    source_id: row.source_id,
    external_id: row.external_id,
    ...(row.deleted ? { deleted: true } : {}),
    stored_updated_at: row.updated_at,
    ...(includeRaw && raw !== undefined ? { raw_data: raw } : {}),
  };
}

export const searchRecordsTool = defineTool({
  name: 'search_records',
  kind: 'read',
  description:
    `Search the canonical records (${MODEL_NAMES.join(', ')}) of one of your configs, as stored ` +
    'by its syncs. Filters: email, updated_since, text. Returns at most 50 records per call plus total_matching ' +
    '(the count of all matches: use it to answer "how many"), and next_cursor to read the next page.',
  input: searchRecordsInput,
  run: searchRecords,
});

export const fetchCustomersTool = defineTool({
  name: 'fetch_customers',
  kind: 'read',
  description:
    'Fetch the customers of one of your configs (the customer model of search_records): email, name, phone, ' +
    'addresses. Same filters, total_matching count and next_cursor paging as search_records.',
  input: z.object(filters).strict(),
  run: (ctx, input) => searchRecords(ctx, { ...input, model: 'customer' }),
});
