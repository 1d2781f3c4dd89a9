import { z } from 'zod';
import { Amount } from '../money';

/**
 * One invoice line. Nested in invoices, so source metadata is optional (source_id is the vendor's line id).
 * total = quantity × unit_price, rounded to the invoice currency; the invoice checks this (it knows the currency).
 * unit_price may carry more decimals than the currency (Stripe's unit_amount_decimal); total may not.
 */
export const UnifiedLineItem = z
  .object({
    source_id: z.string().nullish(),
    description: z.string().nullish(),
    product_id: z.string().nullish(),
    quantity: z
      .number({ error: 'must be a whole number of units' })
      .int({ error: 'must be a whole number of units' })
      .nonnegative({ error: 'must not be negative — use a negative unit_price for credits' })
      .default(1),
    unit_price: Amount,
    total: Amount,
  })
  .loose()
  .meta({ id: 'UnifiedLineItem', title: 'UnifiedLineItem' });
export type UnifiedLineItem = z.infer<typeof UnifiedLineItem>;
