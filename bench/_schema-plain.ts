import { z } from 'zod';

/**
 * Plain zod written the way a hand-rolled script would: the same fields and checks as UnifiedCustomer (trimmed
 * non-empty ids and name, email, ISO date-times with offset, an ISO country code, tags, custom_fields, raw_data) with
 * zod's default messages, no metadata and no version machinery. `passthrough` keeps unknown fields, as
 * UnifiedCustomer does (an adapter's extras survive); `strip` drops them, so it does less work and is not equivalent.
 */
function customerSchema(mode: 'passthrough' | 'strip') {
  const obj = <S extends z.ZodRawShape>(shape: S) => (mode === 'passthrough' ? z.object(shape).loose() : z.object(shape));
  const address = obj({
    street: z.string().nullish(),
    street2: z.string().nullish(),
    city: z.string().nullish(),
    state: z.string().nullish(),
    postal_code: z.string().nullish(),
    country: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/)
      .nullish(),
  });
  const text = () => z.string().trim().min(1);
  const when = () => z.iso.datetime({ offset: true }).nullish();
  return obj({
    source_system: text(),
    source_id: text(),
    unified_id: z.string().nullish(),
    created_at: when(),
    updated_at: when(),
    synced_at: when(),
    raw_data: z.unknown().optional(),
    email: z.email(),
    full_name: text(),
    phone: z.string().trim().min(1).nullish(),
    company: z.string().nullish(),
    billing_address: address.nullish(),
    shipping_address: address.nullish(),
    tags: z.array(z.string()).default([]),
    custom_fields: z.record(z.string(), z.unknown()).default({}),
  });
}

export const plainCustomer = { passthrough: customerSchema('passthrough'), strip: customerSchema('strip') };
