import { z } from 'zod';

/**
 * A postal address, nested in customers. Not a top-level record, so it carries no source metadata.
 * country is an ISO 3166-1 alpha-2 code; adapters map free-text country names before parsing.
 */
export const UnifiedAddress = z
  .object({
    street: z.string().nullish(),
    street2: z.string().nullish(),
    city: z.string().nullish(),
    state: z.string().nullish(),
    postal_code: z.string().nullish(),
    country: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, { error: 'must be an ISO 3166-1 alpha-2 country code like "US" — map country names in the adapter' })
      .nullish(),
  })
  .loose()
  .meta({ id: 'UnifiedAddress', title: 'UnifiedAddress' });
export type UnifiedAddress = z.infer<typeof UnifiedAddress>;
