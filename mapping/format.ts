import { z } from 'zod';
import { isValidPath, NAME, splitEach } from './paths';
import { MAPPABLE_MODELS, MAPPABLE_MODELS_TEXT, type MappableModel } from './targets';

export { MAPPABLE_MODELS, type MappableModel };

/**
 * Mapping rules are data. Each canonical field gets a source (a path, a constant, a join or a coalesce of those)
 * and a pipeline of named transforms. Nothing here is code: the compiler only emits helper calls by name and
 * property accesses whose names pass PATH_SEGMENT, so a mapping from an LLM or a person can never run code.
 */
export const PATH_SEGMENT = NAME;

/** A source path (mapping/paths.ts): `address.city`, `Lines[].Amount`, `Phones[PhoneType=DEFAULT].Number`. */
export const SourcePath = z
  .string()
  .min(1, 'must not be empty')
  .max(300)
  .refine(isValidPath, {
    message:
      'must be dot-separated names of letters, digits, _, -, $ or @, each optionally followed by [] (every element) ' +
      'or [key=value] (the element whose key is value), e.g. "address.city", "Lines[].Amount" or "Phones[Type=MOBILE].Number"',
  });

/** A dotted path without brackets, for connector configs (items_path, next_path). */
export const PlainPath = z
  .string()
  .min(1, 'must not be empty')
  .max(300)
  .refine((p) => p.split('.').every((s) => NAME.test(s)), {
    message: 'must be dot-separated names of letters, digits, _, -, $ or @ (e.g. "data" or "paging.next.after")',
  });

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const PathSource = z.object({ path: SourcePath }).strict();
const ConstSource = z.object({ const: Scalar }).strict();
const Leaf = z.union([PathSource, ConstSource]);
const JoinSource = z.object({ join: z.array(Leaf).min(1, 'join needs at least one part'), sep: z.string().max(10).default(' ') }).strict();
const CoalesceSource = z.object({ coalesce: z.array(Leaf).min(1, 'coalesce needs at least one part') }).strict();

export const Source = z.union([PathSource, ConstSource, JoinSource, CoalesceSource]);
export type Source = z.infer<typeof Source>;

export const Transform = z.discriminatedUnion('op', [
  z.object({ op: z.literal('trim') }).strict(),
  z.object({ op: z.literal('lower') }).strict(),
  z.object({ op: z.literal('upper') }).strict(),
  z.object({ op: z.literal('to_string') }).strict(),
  z.object({ op: z.literal('to_number') }).strict(),
  /** seconds since the epoch → ISO 8601 */
  z.object({ op: z.literal('unix_to_iso') }).strict(),
  /** milliseconds since the epoch → ISO 8601 */
  z.object({ op: z.literal('unix_ms_to_iso') }).strict(),
  /** RFC 3339, a date-only string or MS-JSON "/Date(1700000000000+0000)/" → ISO 8601 */
  z.object({ op: z.literal('to_iso') }).strict(),
  /** seconds since the epoch → ISO date (YYYY-MM-DD, UTC) */
  z.object({ op: z.literal('unix_to_date') }).strict(),
  /** any date (as to_iso reads it) → ISO date (YYYY-MM-DD, UTC) */
  z.object({ op: z.literal('to_date') }).strict(),
  /** milliseconds since the epoch → ISO date (YYYY-MM-DD, UTC) */
  z.object({ op: z.literal('unix_ms_to_date') }).strict(),
  /** a decimal number or numeric string → an exact decimal string ("12.5"), never a float's artefacts */
  z.object({ op: z.literal('to_decimal') }).strict(),
  /** integer minor units → decimal string, using the currency found at currency_path or the fixed currency */
  z
    .object({
      op: z.literal('minor_to_decimal'),
      currency_path: SourcePath.optional(),
      currency: z
        .string()
        .regex(/^[A-Za-z]{3}$/, 'must be an ISO 4217 code such as "USD"')
        .optional(),
    })
    .strict()
    .refine((t) => Boolean(t.currency_path) !== Boolean(t.currency), {
      message: 'give exactly one of currency_path or currency',
    }),
  z.object({ op: z.literal('split'), sep: z.string().min(1).max(10), index: z.number().int().min(0).max(50) }).strict(),
  z
    .object({
      op: z.literal('lookup'),
      table: z.record(z.string(), Scalar),
      fallback: Scalar.optional(),
    })
    .strict(),
  z.object({ op: z.literal('default'), value: Scalar }).strict(),
]);
export type Transform = z.infer<typeof Transform>;
export type TransformOp = Transform['op'];

export const TargetPath = z
  .string()
  .regex(
    /^([a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?|line_items\[\]\.[a-z][a-z0-9_]*)$/,
    'must be a canonical field such as "email", "billing_address.city" or "line_items[].quantity"',
  );

export const MappingRule = z
  .object({
    target: TargetPath,
    source: Source,
    transforms: z.array(Transform).max(10).default([]),
    confidence: z.number().min(0).max(1).optional(),
    reason: z.string().max(500).optional(),
    /** the proposer was unsure (e.g. enum values it could not place): a person should check this rule */
    review: z.boolean().optional(),
  })
  .strict();
export type MappingRule = z.infer<typeof MappingRule>;
export type MappingRuleInput = z.input<typeof MappingRule>;

export const Mapping = z
  .object({
    format: z.literal('fabric.mapping/v1').default('fabric.mapping/v1'),
    model: z.enum(MAPPABLE_MODELS, { error: `must be ${MAPPABLE_MODELS_TEXT}` }),
    source_system: z.string().min(1).max(100),
    resource: z.string().min(1).max(200),
    rules: z.array(MappingRule).min(1, 'a mapping needs at least one rule'),
    confidence: z.number().min(0).max(1).optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    const seen = new Set<string>();
    m.rules.forEach((r, i) => {
      if (seen.has(r.target)) {
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'target'], message: `"${r.target}" is mapped twice; keep one rule per field` });
      }
      seen.add(r.target);
    });
    checkLineItems(m.rules, ctx);
    if (!seen.has('source_id')) {
      ctx.addIssue({ code: 'custom', path: ['rules'], message: 'no rule for "source_id"; map the record\'s id (e.g. { "path": "id" })' });
    }
  });
export type Mapping = z.infer<typeof Mapping>;

/** Every line_items[] rule reads from one source list, each of its paths stepping into it (`Lines[].Qty`). */
function checkLineItems(rules: Array<{ target: string; source: Source }>, ctx: z.RefinementCtx): void {
  let list: string | undefined;
  rules.forEach((r, i) => {
    if (!r.target.startsWith('line_items[].')) return;
    for (const p of sourcePaths(r.source)) {
      const split = splitEach(p);
      const issue = !split
        ? `"${p}" does not step into a list; a line-item field reads e.g. "Lines[].Amount"`
        : list !== undefined && split.list !== list
          ? `"${p}" reads list "${split.list}" but other line-item rules read "${list}"; use one list`
          : undefined;
      if (issue) ctx.addIssue({ code: 'custom', path: ['rules', i, 'source'], message: issue });
      list ??= split?.list;
    }
  });
}
export type MappingInput = z.input<typeof Mapping>;

export type ParseMappingResult = { ok: true; mapping: Mapping } | { ok: false; errors: string[] };

/** Validates untrusted mapping data (a person's edit, an LLM answer); every error names the field and the problem. */
export function parseMapping(input: unknown): ParseMappingResult {
  const res = Mapping.safeParse(input);
  if (res.success) return { ok: true, mapping: res.data };
  return {
    ok: false,
    errors: res.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(mapping)'}: ${i.message}`),
  };
}

/** The paths a source reads, for checking them against a spec's fields. */
export function sourcePaths(source: Source): string[] {
  if ('path' in source) return [source.path];
  if ('const' in source) return [];
  const parts = 'join' in source ? source.join : source.coalesce;
  return parts.flatMap((p) => ('path' in p ? [p.path] : []));
}
