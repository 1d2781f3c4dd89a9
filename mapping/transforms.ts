import { fromMinorUnits, toMinorUnits } from '../schema/money';
import { pickElement } from './paths';

/**
 * The helpers compiled mappings call by name. Each one passes null/undefined through untouched, so a missing
 * source field stays missing instead of becoming "undefined" or an epoch date.
 */
const isBlank = (v: unknown) => v === undefined || v === null || v === '';

function epochToIso(v: unknown, scale: number): unknown {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : NaN;
  if (Number.isNaN(n)) return v;
  const d = new Date(n * scale);
  if (Number.isNaN(d.getTime())) throw new Error(`${String(v)} is not a valid epoch time`);
  return d.toISOString();
}

/** "/Date(1700000000000)/" or "/Date(1700000000000+0100)/" (ASP.NET's JSON dates): the instant is the ms part */
const MS_JSON = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;

function parseDate(v: string): Date | undefined {
  const ms = MS_JSON.exec(v);
  const d = ms ? new Date(Number(ms[1])) : new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Number → shortest exact decimal string; numeric strings are kept as written (no float round trip). */
function decimal(v: unknown): unknown {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`${v} is not an amount`);
    const s = String(v);
    return /e/i.test(s) ? v.toFixed(20).replace(/\.?0+$/, '') : s;
  }
  if (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v)) return v.trim();
  return v;
}

export const helpers = {
  /** null → undefined, so a missing line field is simply absent once stored */
  nn: (v: unknown) => (v === null ? undefined : v),
  first: (v: unknown) => (Array.isArray(v) ? v[0] : undefined),
  pick: (v: unknown, key: string, valueLower: string) => pickElement(v, key, valueLower),
  decimal,
  unixMsDate: (v: unknown) => {
    const iso = epochToIso(v, 1);
    return typeof iso === 'string' && iso !== v ? iso.slice(0, 10) : iso;
  },
  trim: (v: unknown) => (typeof v === 'string' ? v.trim() : v),
  lower: (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v),
  upper: (v: unknown) => (typeof v === 'string' ? v.toUpperCase() : v),
  str: (v: unknown) => (v === undefined || v === null || typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v)),
  num: (v: unknown) => {
    if (typeof v !== 'string' || v.trim() === '') return v;
    const n = Number(v);
    return Number.isFinite(n) ? n : v;
  },
  unixIso: (v: unknown) => epochToIso(v, 1000),
  unixMsIso: (v: unknown) => epochToIso(v, 1),
  toIso: (v: unknown) => {
    if (typeof v !== 'string' || v === '') return v;
    return parseDate(v)?.toISOString() ?? v;
  },
  unixDate: (v: unknown) => {
    const iso = epochToIso(v, 1000);
    return typeof iso === 'string' && iso !== v ? iso.slice(0, 10) : iso;
  },
  toDate: (v: unknown) => {
    if (typeof v !== 'string' || v === '') return v;
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
    return parseDate(v)?.toISOString().slice(0, 10) ?? v;
  },
  minor: (v: unknown, currency: unknown) => {
    if (isBlank(v)) return v;
    if (typeof currency !== 'string' || currency === '') throw new Error('has an amount but no currency to convert it with');
    if (typeof v !== 'number' && typeof v !== 'bigint' && typeof v !== 'string') throw new Error(`amount ${JSON.stringify(v)} is not a number`);
    return fromMinorUnits(v, currency.toUpperCase());
  },
  split: (v: unknown, sep: string, index: number) => (typeof v === 'string' ? v.split(sep)[index] : v),
  lookup: (v: unknown, table: Map<string, unknown>, fallback: unknown) => {
    if (v === undefined || v === null) return v;
    const hit = table.get(String(v));
    return hit !== undefined ? hit : fallback;
  },
  dflt: (v: unknown, value: unknown) => (isBlank(v) ? value : v),
  join: (parts: unknown[], sep: string) => {
    let out: string | undefined;
    for (const p of parts) {
      if (isBlank(p)) continue;
      const s = String(p);
      out = out === undefined ? s : out + sep + s;
    }
    return out;
  },
  coalesce: (parts: unknown[]) => {
    for (const p of parts) if (!isBlank(p)) return p;
    return undefined;
  },
};
export type Helpers = typeof helpers;

/** Inverse helpers for fromUnified. */
export const inverseHelpers = {
  isoToUnix: (v: unknown) => (typeof v === 'string' && v !== '' ? Math.floor(new Date(v).getTime() / 1000) : v),
  isoToUnixMs: (v: unknown) => (typeof v === 'string' && v !== '' ? new Date(v).getTime() : v),
  decimalToMinor: (v: unknown, currency: unknown): unknown => {
    if (isBlank(v) || typeof currency !== 'string') return v;
    const minor = toMinorUnits(String(v), currency.toUpperCase());
    return minor <= BigInt(Number.MAX_SAFE_INTEGER) && minor >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(minor) : minor.toString();
  },
};
