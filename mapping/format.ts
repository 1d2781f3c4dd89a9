import { z } from 'zod';

/**
 * Mapping rules are data. Each canonical field gets a source (a path, a constant, a join or a coalesce of those)
 * and a pipeline of named transforms. Nothing here is code: the compiler only emits helper calls by name and
 * property accesses whose names pass PATH_SEGMENT, so a mapping from an LLM or a person can never run code.
 */
export const PATH_SEGMENT = /^[A-Za-z0-9_$@-]+$/;

export const SourcePath = z
  .string()
  .min(1, 'must not be empty')
  .max(300)
  .refine((p) => p.split('.').every((s) => PATH_SEGMENT.test(s)), {
    message: 'must be dot-separated names of letters, digits, _, -, $ or @ (e.g. "address.city" or "items.0.id")',
  });

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const PathSource = z.object({ path: SourcePath }).strict();
const ConstSource = z.object({ const: Scalar }).strict();
const Leaf = z.union([PathSource, ConstSource]);
const JoinSource = z
  .object({ join: z.array(Leaf).min(1, 'join needs at least one part'), sep: z.string().max(10).default(' ') })
  .strict();
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
  /** any date the JS Date parser accepts → ISO 8601 */
  z.object({ op: z.literal('to_iso') }).strict(),
  /** seconds since the epoch → ISO date (YYYY-MM-DD, UTC) */
  z.object({ op: z.literal('unix_to_date') }).strict(),
  /** any date → ISO date (YYYY-MM-DD, UTC) */
  z.object({ op: z.literal('to_date') }).strict(),
  /** integer minor units → decimal string, using the currency found at currency_path or the fixed currency */
  z
    .object({
      op: z.literal('minor_to_decimal'),
      currency_path: SourcePath.optional(),
      currency: z.string().regex(/^[A-Za-z]{3}$/, 'must be an ISO 4217 code such as "USD"').optional(),
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
  .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$/, 'must be a canonical field such as "email" or "billing_address.city"');

export const MappingRule = z
  .object({
    target: TargetPath,
    source: Source,
    transforms: z.array(Transform).max(10).default([]),
    confidence: z.number().min(0).max(1).optional(),
    reason: z.string().max(500).optional(),
  })
  .strict();
export type MappingRule = z.infer<typeof MappingRule>;
export type MappingRuleInput = z.input<typeof MappingRule>;

export const MAPPABLE_MODELS = ['customer', 'invoice'] as const;
export type MappableModel = (typeof MAPPABLE_MODELS)[number];

export const Mapping = z
  .object({
    format: z.literal('fabric.mapping/v1').default('fabric.mapping/v1'),
    model: z.enum(MAPPABLE_MODELS, { error: 'must be "customer" or "invoice"' }),
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
    if (!seen.has('source_id')) {
      ctx.addIssue({ code: 'custom', path: ['rules'], message: 'no rule for "source_id"; map the record\'s id (e.g. { "path": "id" })' });
    }
  });
export type Mapping = z.infer<typeof Mapping>;
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
