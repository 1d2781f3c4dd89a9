/**
 * ISO 4217 active currency codes and their minor-unit exponents (digits after the decimal point).
 *
 * Source: the ISO 4217 "List One" (current currencies). Most codes have 2 decimals; the exceptions are listed
 * explicitly. Precious metals, testing and no-currency codes (XAU, XTS, XXX, …) have no minor unit and are not
 * accepted as invoice currencies. The two 4-decimal units of account (CLF, UYW) are left out on purpose: no
 * invoicing system bills in them, and the contract keeps exponents to 0 | 2 | 3.
 *
 * Vendors may diverge from ISO (Stripe, for example, treats HUF/TWD amounts specially and MGA as zero-decimal);
 * such quirks belong in the adapter, which converts to an exact decimal string before the record reaches schema/.
 */
export type CurrencyExponent = 0 | 2 | 3;

/** ISO 4217 currencies whose minor unit exponent is 0 (amounts are whole units). */
// The tables here keep one dense line per entry (the formatter would put one word per line).
// prettier-ignore
export const ZERO_DECIMAL_CURRENCIES: readonly string[] = [
  'BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'UYI', 'VND', 'VUV', 'XAF', 'XOF',
  'XPF',
];

/** ISO 4217 currencies whose minor unit exponent is 3 (amounts count thousandths). */
// prettier-ignore
export const THREE_DECIMAL_CURRENCIES: readonly string[] = ['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'];

/** ISO 4217 currencies with 2 decimals. */
// prettier-ignore
const TWO_DECIMAL_CURRENCIES: readonly string[] = [
  'AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BGN', 'BMD', 'BND',
  'BOB', 'BOV', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHE', 'CHF', 'CHW', 'CNY', 'COP', 'COU',
  'CRC', 'CUC', 'CUP', 'CVE', 'CZK', 'DKK', 'DOP', 'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL',
  'GHS', 'GIP', 'GMD', 'GTQ', 'GYD', 'HKD', 'HNL', 'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IRR', 'JMD', 'KES', 'KGS',
  'KHR', 'KPW', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP',
  'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MXV', 'MYR', 'MZN', 'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD', 'PAB', 'PEN',
  'PGK', 'PHP', 'PKR', 'PLN', 'QAR', 'RON', 'RSD', 'RUB', 'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE',
  'SLL', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL', 'THB', 'TJS', 'TMT', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS',
  'UAH', 'USD', 'USN', 'UYU', 'UZS', 'VED', 'VES', 'WST', 'XCD', 'XCG', 'YER', 'ZAR', 'ZMW', 'ZWG', 'ZWL',
];

// prettier-ignore
const EXPONENTS: ReadonlyMap<string, CurrencyExponent> = new Map<string, CurrencyExponent>([
  ...TWO_DECIMAL_CURRENCIES.map((c) => [c, 2] as const),
  ...ZERO_DECIMAL_CURRENCIES.map((c) => [c, 0] as const),
  ...THREE_DECIMAL_CURRENCIES.map((c) => [c, 3] as const),
]);

/** Every accepted ISO 4217 code, sorted. */
// prettier-ignore
export const CURRENCY_CODES: readonly string[] = [...EXPONENTS.keys()].sort();

/** True for an accepted ISO 4217 code (upper case, as ISO writes it). */
export function isCurrencyCode(code: unknown): code is string {
  return typeof code === 'string' && EXPONENTS.has(code);
}

/** The exponent of an accepted code, or undefined. */
export function lookupExponent(code: string): CurrencyExponent | undefined {
  return EXPONENTS.get(code);
}
