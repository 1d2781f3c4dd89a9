/**
 * UnifiedInvoice: money as exact decimal strings in the invoice currency.
 * Checks: every amount fits the currency's decimals (JPY 0, USD 2, KWD 3); each line total is
 * quantity × unit_price (to the currency's precision); line totals sum to subtotal;
 * subtotal − discount + tax = total (discount defaults to 0, so subtotal + tax = total).
 */
import { z } from 'zod';
import { baseFields, IsoDate, requiredText } from '../base';
import { Amount, CurrencyCode, Dec, currencyExponent, fitsCurrency, halfMinorUnit, isCurrencyCode, isDecimalString } from '../money';
import { UnifiedLineItem } from './line-item';

export const INVOICE_STATUSES = ['draft', 'pending', 'paid', 'void', 'overdue'] as const;

const invoiceObject = z
  .object({
    ...baseFields,
    customer_id: requiredText('the source id of the invoiced customer'),
    invoice_number: z.string().nullish().meta({ description: 'Human-facing number; drafts may not have one yet' }),
    status: z.enum(INVOICE_STATUSES, { error: `must be one of ${INVOICE_STATUSES.join(', ')} — map the vendor status in the adapter` }),
    currency: CurrencyCode,
    subtotal: Amount,
    discount: Amount.default('0'),
    tax: Amount.default('0'),
    total: Amount,
    issue_date: IsoDate,
    due_date: IsoDate.nullish(),
    paid_date: IsoDate.nullish(),
    line_items: z.array(UnifiedLineItem).default([]),
  })
  .loose();

type InvoiceShape = z.infer<typeof invoiceObject>;
type Ctx = z.core.$RefinementCtx<InvoiceShape>;

const MONEY_FIELDS = ['subtotal', 'discount', 'tax', 'total'] as const;

function checkAmounts(inv: InvoiceShape, ctx: Ctx): void {
  const exp = currencyExponent(inv.currency);
  const tooPrecise = `has more decimals than ${inv.currency} allows (${exp}) — amounts are in major units, e.g. fromMinorUnits(cents, currency)`;
  for (const field of MONEY_FIELDS) {
    if (!fitsCurrency(inv[field], inv.currency)) ctx.addIssue({ code: 'custom', path: [field], message: tooPrecise });
  }
  // Half a minor unit: a line total may differ from quantity × unit_price only by rounding to the currency.
  const halfUnit = halfMinorUnit(inv.currency);
  let lineSum = new Dec(0);
  inv.line_items.forEach((line, i) => {
    if (!fitsCurrency(line.total, inv.currency)) {
      ctx.addIssue({ code: 'custom', path: ['line_items', i, 'total'], message: tooPrecise });
    }
    const expected = new Dec(line.unit_price).mul(line.quantity);
    if (new Dec(line.total).minus(expected).abs().gt(halfUnit)) {
      ctx.addIssue({
        code: 'custom',
        path: ['line_items', i, 'total'],
        message: `must equal quantity × unit_price (${expected.toFixed()}) rounded to ${inv.currency} — fix the line total or the unit price`,
      });
    }
    lineSum = lineSum.plus(line.total);
  });
  if (inv.line_items.length > 0 && !lineSum.eq(inv.subtotal)) {
    ctx.addIssue({
      code: 'custom',
      path: ['subtotal'],
      message: `must equal the sum of the line totals (${lineSum.toFixed()}) — include every line (fetch all pages) or fix subtotal`,
    });
  }
  const expectedTotal = new Dec(inv.subtotal).minus(inv.discount).plus(inv.tax);
  if (!expectedTotal.eq(inv.total)) {
    ctx.addIssue({
      code: 'custom',
      path: ['total'],
      message: `must equal subtotal − discount + tax (${expectedTotal.toFixed()}) — fix total or its parts`,
    });
  }
}

export const UnifiedInvoice = invoiceObject
  .superRefine((inv, ctx) => {
    // Field-level errors (bad currency, malformed amount) are already reported; cross-checks need sound parts.
    const amounts = [...MONEY_FIELDS.map((f) => inv[f]), ...inv.line_items.flatMap((l) => [l.unit_price, l.total])];
    if (!isCurrencyCode(inv.currency) || !amounts.every(isDecimalString)) return;
    checkAmounts(inv, ctx);
  })
  .meta({ title: 'UnifiedInvoice', description: 'Canonical invoice (Stripe Invoice, QuickBooks Invoice, Xero Invoice)' });
export type UnifiedInvoice = z.infer<typeof UnifiedInvoice>;
