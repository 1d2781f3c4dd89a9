import { currencyExponent, fromMinorUnits, toMinorUnits } from '../../schema';

/**
 * Stripe counts amounts in the currency's minor unit (ISO 4217 exponent: JPY 0, USD 2, KWD 3), except ISK and UGX:
 * ISO says zero-decimal, but Stripe keeps them two-decimal for backwards compatibility (amount 100 = 1 ISK).
 */
const STRIPE_TWO_DECIMAL = new Set(['ISK', 'UGX']);

export function stripeExponent(currency: string): number {
  const c = currency.toUpperCase();
  return STRIPE_TWO_DECIMAL.has(c) ? 2 : currencyExponent(c);
}

/** Stripe integer amount → decimal string in major units with the ISO number of decimals. */
export function fromStripeAmount(amount: number | null | undefined, currency: string): string {
  const c = currency.toUpperCase();
  const value = amount ?? 0;
  if (!STRIPE_TWO_DECIMAL.has(c)) return fromMinorUnits(value, c);
  if (value % 100 !== 0) return (value / 100).toFixed(2); // Stripe should never send this; keep the information
  return fromMinorUnits(value / 100, c);
}

/** Decimal string in major units → Stripe integer amount. */
export function toStripeAmount(decimal: string, currency: string): number {
  const c = currency.toUpperCase();
  const minor = Number(toMinorUnits(decimal, c));
  return STRIPE_TWO_DECIMAL.has(c) ? minor * 100 : minor;
}

/** Stripe's `unit_amount_decimal` (minor units, up to 12 decimals, a string) → decimal string in major units. */
export function fromStripeDecimal(unitAmountDecimal: string, currency: string): string {
  const exp = stripeExponent(currency);
  const [intPart = '0', frac = ''] = unitAmountDecimal.replace(/^-/, '').split('.');
  const negative = unitAmountDecimal.startsWith('-');
  const digits = (intPart + frac).replace(/^0+(?=\d)/, '');
  const scale = frac.length + exp;
  const padded = digits.padStart(scale + 1, '0');
  const whole = padded.slice(0, padded.length - scale);
  const fraction = padded.slice(padded.length - scale).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}
