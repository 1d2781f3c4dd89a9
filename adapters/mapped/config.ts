import { z } from 'zod';
import { MAPPABLE_MODELS, Mapping, PlainPath } from '../../mapping/format';

/**
 * A connector defined entirely by data: where the API is, how to authenticate, where the list endpoint is,
 * how it paginates, and the approved mapping per model. No code per connector.
 */
export const Pagination = z.discriminatedUnion('style', [
  /** the response carries the next cursor at next_path; it is sent back as `param` */
  z.object({ style: z.literal('cursor'), param: z.string().min(1), next_path: PlainPath }).strict(),
  /** page numbers: param=1,2,...; the last page is shorter than the page size (or empty) */
  z.object({ style: z.literal('page'), param: z.string().min(1).default('page'), start: z.number().int().min(0).default(1) }).strict(),
  /** RFC 8288 Link header with rel="next" */
  z.object({ style: z.literal('link') }).strict(),
  /** Stripe style: has_more flag + the last item's id as `param` */
  z.object({ style: z.literal('last_id'), param: z.string().min(1).default('starting_after'), has_more_path: PlainPath.default('has_more') }).strict(),
]);
export type Pagination = z.infer<typeof Pagination>;

export const Auth = z.discriminatedUnion('scheme', [
  z.object({ scheme: z.literal('none') }).strict(),
  /** Authorization: Bearer <credentials.token> */
  z.object({ scheme: z.literal('bearer') }).strict(),
  /** Authorization: Basic base64(<credentials.username>:<credentials.password>) */
  z.object({ scheme: z.literal('basic') }).strict(),
  /** <header>: <credentials.api_key> */
  z.object({ scheme: z.literal('header'), header: z.string().min(1) }).strict(),
]);

/**
 * Where a resource's mapping comes from: inline (`mapping`), or an approved row of schema_mappings, named by its ID
 * (`mapping_id`) or as the live mapping of a source system for this model (`mapping_source`). Rows are loaded when
 * the adapter is built (adapters/mapped/approved.ts), so an approval takes effect on the next sync.
 */
const Resource = z
  .object({
    list_path: z.string().regex(/^\//, 'must start with "/", e.g. "/v1/customers"'),
    items_path: PlainPath.nullable().default(null),
    pagination: Pagination,
    page_size_param: z.string().min(1).default('limit'),
    mapping: Mapping.optional(),
    mapping_id: z.uuid({ error: 'must be a schema_mappings ID (a UUID), as `fabric mapping show` prints it' }).optional(),
    mapping_source: z.string().min(1).optional(),
  })
  .strict()
  .refine((r) => r.mapping !== undefined || r.mapping_id !== undefined || r.mapping_source !== undefined, {
    message: "no mapping: set mapping_id to an approved mapping's ID, mapping_source to its source system, or mapping inline",
    path: ['mapping_id'],
  })
  .refine((r) => r.mapping_id === undefined || r.mapping_source === undefined, {
    message: 'set mapping_id or mapping_source, not both',
    path: ['mapping_source'],
  });

export const MappedConfig = z
  .object({
    base_url: z.url({ error: 'must be the API base URL, e.g. "https://api.example.com/v1"' }),
    auth: Auth.default({ scheme: 'none' }),
    /** per model: list endpoint path, where the items are in its response, pagination, page size, the mapping */
    resources: z.partialRecord(z.enum(MAPPABLE_MODELS), Resource),
  })
  .strict();
export type MappedConfig = z.infer<typeof MappedConfig>;
export type MappedConfigInput = z.input<typeof MappedConfig>;
