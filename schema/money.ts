/**
 * Money: amounts are exact decimal strings ("12.34"), never JS floats. Arithmetic uses decimal.js with enough
 * precision that sums of amounts far beyond 2^53 minor units stay exact.
 */
import Decimal from 'decimal.js';
import { z } from 'zod';
import { CURRENCY_CODES, isCurrencyCode, lookupExponent, type CurrencyExponent } from './currencies';

export { CURRENCY_CODES, isCurrencyCode, type CurrencyExponent } from './currencies';

/**
 * decimal.js clone: 200 significant digits, never exponent notation, banker's rounding where rounding is asked.
 * Amounts are capped at 60 integer and 20 fraction digits (DECIMAL_PATTERN), so sums and the product of two amounts
 * (at most 160 digits) are always exact; a larger precision only costs speed.
 */
export const Dec = Decimal.clone({ precision: 200, toExpNeg: -9e15, toExpPos: 9e15, rounding: Decimal.ROUND_HALF_EVEN });
export type Dec = InstanceType<typeof Dec>;

/** A plain decimal: optional minus, 1-60 digits, optional fraction of 1-20 digits. No exponent, separators or spaces. */
export const DECIMAL_PATTERN = /^-?\d{1,60}(\.\d{1,20})?$/;
const INTEGER_PATTERN = /^-?\d+$/;

/** Thrown by the money helpers for bad input; the message names the value's role, the problem and the fix. */
export class MoneyError extends Error {
  override readonly name = 'MoneyError';
}

function normaliseCode(currency: string): string {
  return typeof currency === 'string' ? currency.trim().toUpperCase() : currency;
}

/** Digits after the decimal point for an ISO 4217 currency: JPY 0, USD 2, KWD/BHD 3. Case-insensitive. */
export function currencyExponent(currency: string): CurrencyExponent {
  const exponent = lookupExponent(normaliseCode(currency));
  if (exponent === undefined) {
    throw new MoneyError(`currency: ${JSON.stringify(currency)} is not an ISO 4217 currency code — use a code like "USD", "JPY" or "KWD"`);
  }
  return exponent;
}

export function isDecimalString(value: unknown): value is string {
  return typeof value === 'string' && DECIMAL_PATTERN.test(value);
}

/** Parses a decimal string exactly. Throws MoneyError (naming `field`) for anything else, including JS numbers. */
export function toDecimal(value: string, field = 'amount'): Dec {
  if (!isDecimalString(value)) {
    throw new MoneyError(
      `${field}: must be a decimal string like "12.34" (got ${typeof value === 'string' ? 'a malformed string' : typeof value}) — convert minor units with fromMinorUnits()`,
    );
  }
  return new Dec(value);
}

/** 10^exponent and half a minor unit, precomputed: high-precision pow/div on every call is slow. */
const SCALE: Readonly<Record<CurrencyExponent, Dec>> = { 0: new Dec(1), 2: new Dec(100), 3: new Dec(1000) };
const HALF_UNIT: Readonly<Record<CurrencyExponent, Dec>> = { 0: new Dec('0.5'), 2: new Dec('0.005'), 3: new Dec('0.0005') };

/** Half of the currency's minor unit (0.005 for USD): the most a rounded amount may differ from the exact one. */
export function halfMinorUnit(currency: string): Dec {
  return HALF_UNIT[currencyExponent(currency)];
}

/** Renders an exact decimal without exponent notation and without negative zero. */
export function formatDecimal(value: Dec): string {
  return value.isZero() ? '0' : value.toFixed();
}

/**
 * Minor units (cents, yen, fils) to a decimal string with exactly the currency's number of decimals:
 * fromMinorUnits(1234, 'USD') = "12.34", fromMinorUnits(1234, 'JPY') = "1234", fromMinorUnits(1234, 'KWD') = "1.234".
 * Numbers must be safe integers — pass a bigint or an integer string for larger amounts.
 */
export function fromMinorUnits(amount: number | bigint | string, currency: string): string {
  const exponent = currencyExponent(currency);
  let minor: Dec;
  if (typeof amount === 'bigint') minor = new Dec(amount.toString());
  else if (typeof amount === 'number') {
    if (!Number.isSafeInteger(amount)) {
      throw new MoneyError(
        `amount: minor units must be a safe integer (got ${Number.isInteger(amount) ? 'an integer beyond 2^53' : 'a fraction or non-finite number'}) — pass a bigint or an integer string instead`,
      );
    }
    minor = new Dec(amount);
  } else if (typeof amount === 'string' && INTEGER_PATTERN.test(amount.trim())) minor = new Dec(amount.trim());
  else throw new MoneyError('amount: minor units must be an integer (number, bigint or string of digits); got something else');
  const value = minor.div(SCALE[exponent]);
  return value.isZero() ? (exponent === 0 ? '0' : `0.${'0'.repeat(exponent)}`) : value.toFixed(exponent);
}

/**
 * A decimal string to minor units: toMinorUnits("12.34", 'USD') = 1234n. Throws when the amount has more
 * significant decimals than the currency allows ("12.345" USD), since rounding money silently loses it.
 */
export function toMinorUnits(decimal: string, currency: string): bigint {
  const exponent = currencyExponent(currency);
  const minor = toDecimal(decimal).mul(SCALE[exponent]);
  if (!minor.isInteger()) {
    throw new MoneyError(
      `amount: ${normaliseCode(currency)} has ${exponent} decimal places but the amount has more — round it in the adapter with roundToCurrency() if that is intended`,
    );
  }
  return BigInt(minor.toFixed(0));
}

/** True when the amount has no more decimals than the currency allows (trailing zeros are fine). */
export function fitsCurrency(decimal: string, currency: string): boolean {
  const exponent = lookupExponent(normaliseCode(currency));
  return exponent !== undefined && isDecimalString(decimal) && new Dec(decimal).decimalPlaces() <= exponent;
}

/** Rounds (half-even) to the currency's decimals and renders them all: roundToCurrency("1.005", 'USD') = "1.00". */
export function roundToCurrency(decimal: string, currency: string): string {
  const exponent = currencyExponent(currency);
  const rounded = toDecimal(decimal).toDecimalPlaces(exponent, Decimal.ROUND_HALF_EVEN);
  return (rounded.isZero() ? new Dec(0) : rounded).toFixed(exponent);
}

/** Exact sum of decimal strings. */
export function addAmounts(...amounts: string[]): string {
  return formatDecimal(amounts.reduce((sum, a, i) => sum.plus(toDecimal(a, `amounts[${i}]`)), new Dec(0)));
}

/** Exact product of a decimal string and a quantity (integer or decimal string). */
export function multiplyAmount(amount: string, quantity: number | string): string {
  const q = typeof quantity === 'number' ? new Dec(String(quantity)) : toDecimal(quantity, 'quantity');
  return formatDecimal(toDecimal(amount).mul(q));
}

/** Numeric equality of two decimal strings ("12.3" equals "12.30"). */
export function amountsEqual(a: string, b: string): boolean {
  return toDecimal(a, 'a').eq(toDecimal(b, 'b'));
}

/** zod type for an amount: a decimal string, never a JS number. */
export const Amount = z
  .string({ error: 'must be a decimal string like "12.34", not a JS number — convert minor units with fromMinorUnits()' })
  .regex(DECIMAL_PATTERN, {
    error: 'must be a plain decimal like "12.34" (optional "-", up to 60 digits, "." and up to 20 decimals, no exponent, spaces or separators)',
  })
  .meta({ description: 'Exact decimal amount in major units, as a string (e.g. "12.34"); never a float', examples: ['12.34', '1000', '1.234'] });

/** zod type for an ISO 4217 code; lower case input ("usd", as Stripe sends it) is upper-cased. */
export const CurrencyCode = z
  .string({ error: 'must be an ISO 4217 currency code like "USD"' })
  .trim()
  .toUpperCase()
  .refine(isCurrencyCode, { error: 'must be an ISO 4217 currency code like "USD", "JPY" or "KWD"' })
  .meta({ description: 'ISO 4217 currency code (upper case)', enum: [...CURRENCY_CODES] });
