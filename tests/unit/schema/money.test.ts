import fc from 'fast-check';
import {
  Amount,
  CURRENCY_CODES,
  CurrencyCode,
  MoneyError,
  addAmounts,
  amountsEqual,
  currencyExponent,
  fitsCurrency,
  fromMinorUnits,
  isCurrencyCode,
  multiplyAmount,
  roundToCurrency,
  toDecimal,
  toMinorUnits,
} from '../../../schema/money';

describe('currencyExponent', () => {
  it('knows zero-, two- and three-decimal ISO 4217 currencies, case-insensitively', () => {
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KRW')).toBe(0);
    expect(currencyExponent('USD')).toBe(2);
    expect(currencyExponent('eur')).toBe(2);
    expect(currencyExponent('KWD')).toBe(3);
    expect(currencyExponent('BHD')).toBe(3);
    expect(CURRENCY_CODES.length).toBeGreaterThan(150);
    expect(CURRENCY_CODES.every((c) => /^[A-Z]{3}$/.test(c))).toBe(true);
  });

  it('rejects codes that are not ISO 4217, saying what to use', () => {
    expect(() => currencyExponent('XYZ')).toThrow(MoneyError);
    expect(() => currencyExponent('XAU')).toThrow(/not an ISO 4217 currency code; .*|use a code like "USD"/);
    expect(isCurrencyCode('usd')).toBe(false);
    expect(isCurrencyCode(840)).toBe(false);
  });
});

describe('minor units', () => {
  it('converts cents, yen and fils exactly', () => {
    expect(fromMinorUnits(1234, 'USD')).toBe('12.34');
    expect(fromMinorUnits(5, 'USD')).toBe('0.05');
    expect(fromMinorUnits(-5, 'USD')).toBe('-0.05');
    expect(fromMinorUnits(0, 'USD')).toBe('0.00');
    expect(fromMinorUnits(0, 'JPY')).toBe('0');
    expect(fromMinorUnits(1234, 'JPY')).toBe('1234');
    expect(fromMinorUnits(1234, 'KWD')).toBe('1.234');
    expect(fromMinorUnits('1', 'BHD')).toBe('0.001');
    expect(toMinorUnits('12.34', 'USD')).toBe(1234n);
    expect(toMinorUnits('12.3', 'USD')).toBe(1230n);
    expect(toMinorUnits('1234', 'JPY')).toBe(1234n);
    expect(toMinorUnits('1.234', 'KWD')).toBe(1234n);
    expect(toMinorUnits('-0.001', 'KWD')).toBe(-1n);
    expect(toMinorUnits('7.000', 'JPY')).toBe(7n);
  });

  it('stays exact far beyond 2^53 minor units', () => {
    const big = 2n ** 53n + 1n; // 9007199254740993, not representable as a double
    expect(fromMinorUnits(big, 'USD')).toBe('90071992547409.93');
    expect(toMinorUnits('90071992547409.93', 'USD')).toBe(big);
    const huge = '123456789012345678901234567890123';
    expect(fromMinorUnits(huge, 'KWD')).toBe('123456789012345678901234567890.123');
    expect(toMinorUnits('123456789012345678901234567890.123', 'KWD').toString()).toBe(huge);
    expect(fromMinorUnits(-(10n ** 40n), 'JPY')).toBe(`-1${'0'.repeat(40)}`);
  });

  it('round-trips any integer of minor units in any currency', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.constantFrom(...CURRENCY_CODES), (minor, currency) => {
        const decimal = fromMinorUnits(minor, currency);
        expect(decimal.split('.')[1]?.length ?? 0).toBe(currencyExponent(currency));
        expect(toMinorUnits(decimal, currency)).toBe(minor);
      }),
    );
  });

  it('refuses floats, unsafe integers and amounts finer than the currency', () => {
    expect(() => fromMinorUnits(12.5, 'USD')).toThrow(/safe integer .*fraction/);
    expect(() => fromMinorUnits(2 ** 60, 'USD')).toThrow(/beyond 2\^53\) — pass a bigint/);
    expect(() => fromMinorUnits('12.5', 'USD')).toThrow(/must be an integer/);
    expect(() => fromMinorUnits(1, 'ABC')).toThrow(MoneyError);
    expect(() => toMinorUnits('12.345', 'USD')).toThrow(/USD has 2 decimal places/);
    expect(() => toMinorUnits('1.5', 'JPY')).toThrow(/JPY has 0 decimal places/);
    expect(() => toMinorUnits('1e3', 'USD')).toThrow(/decimal string like "12.34"/);
    expect(() => toDecimal(12.34 as unknown as string)).toThrow(/got number/);
  });
});

describe('arithmetic', () => {
  it('sums exactly where floats do not', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(addAmounts('0.1', '0.2')).toBe('0.3');
    expect(addAmounts('90071992547409.93', '0.01', '-0.04')).toBe('90071992547409.9');
    expect(addAmounts()).toBe('0');
    expect(addAmounts('-1.5', '1.50')).toBe('0');
    expect(multiplyAmount('0.617', 3)).toBe('1.851');
    expect(multiplyAmount('19.99', '1.5')).toBe('29.985');
    expect(amountsEqual('12.3', '12.30')).toBe(true);
    expect(amountsEqual('12.3', '12.31')).toBe(false);
  });

  it('sum of decimals equals the decimal of summed minor units (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }), { maxLength: 20 }), fc.constantFrom('USD', 'JPY', 'KWD'), (minors, cur) => {
        const sum = addAmounts(...minors.map((m) => fromMinorUnits(m, cur)));
        expect(toMinorUnits(sum, cur)).toBe(minors.reduce((a, b) => a + b, 0n));
      }),
    );
  });

  it('rounds half-even to the currency and checks fit', () => {
    expect(roundToCurrency('1.005', 'USD')).toBe('1.00');
    expect(roundToCurrency('1.015', 'USD')).toBe('1.02');
    expect(roundToCurrency('2.5', 'JPY')).toBe('2');
    expect(roundToCurrency('-0.0004', 'KWD')).toBe('0.000');
    expect(roundToCurrency('1.23456', 'KWD')).toBe('1.235');
    expect(fitsCurrency('1.230', 'USD')).toBe(true);
    expect(fitsCurrency('1.234', 'USD')).toBe(false);
    expect(fitsCurrency('1', 'NOPE')).toBe(false);
  });
});

describe('zod types', () => {
  it('Amount accepts decimal strings only', () => {
    expect(Amount.safeParse('12.34').success).toBe(true);
    expect(Amount.safeParse('-0.5').success).toBe(true);
    for (const bad of [12.34, '12,34', '1e3', ' 1', '.5', '', '1.']) expect(Amount.safeParse(bad).success).toBe(false);
  });

  it('CurrencyCode upper-cases and checks ISO 4217', () => {
    expect(CurrencyCode.parse('usd')).toBe('USD');
    expect(CurrencyCode.safeParse('usdollar').success).toBe(false);
    expect(CurrencyCode.safeParse(840).success).toBe(false);
  });
});

describe('limits', () => {
  it('caps amounts at 60 integer and 20 fraction digits, so products of amounts stay exact', () => {
    const max = `${'9'.repeat(60)}.${'9'.repeat(20)}`;
    expect(Amount.safeParse(max).success).toBe(true);
    expect(Amount.safeParse(`1${max}`).success).toBe(false);
    expect(Amount.safeParse('1.000000000000000000001').success).toBe(false);
    const square = multiplyAmount(max, max);
    expect(square.replace('.', '').replace(/^0+/, '').length).toBe(160);
    expect(square.endsWith('0001')).toBe(true); // (10^60 - 10^-20)^2 ends in ...0001 × 10^-40: exact, not rounded
  });
});
