import type { Db } from '../store/db';
import type { Timed } from './_sync-contenders';

type Page = Array<{ id: string }>;

async function fetchPage(baseUrl: string, after: string | undefined): Promise<{ data: Page; hasMore: boolean }> {
  const url = new URL('/v1/customers', baseUrl);
  url.searchParams.set('limit', '100');
  if (after) url.searchParams.set('starting_after', after);
  const res = await fetch(url, { headers: { authorization: 'Bearer sk_test_123' } });
  if (!res.ok) throw new Error(`raw contender: ${res.status} from ${url}`);
  const page = (await res.json()) as { data: Page; has_more: boolean };
  return { data: page.data, hasMore: page.has_more && page.data.length > 0 };
}

/** Walks every page in order, handing each to `onPage` (awaited only when it returns a promise). */
async function walk(baseUrl: string, onPage: (data: Page) => void | Promise<void>): Promise<number> {
  let after: string | undefined;
  let records = 0;
  for (;;) {
    const { data, hasMore } = await fetchPage(baseUrl, after);
    records += data.length;
    await onPage(data);
    if (!hasMore) return records;
    after = data.at(-1)!.id;
  }
}

async function ensureTable(db: Db): Promise<void> {
  await db.exec(`create schema if not exists bench_raw;
    create table if not exists bench_raw.customers (id text primary key, data jsonb not null, synced_at timestamptz not null default now())`);
}

const upsert = (db: Db, records: Page) =>
  db.query(
    `insert into bench_raw.customers (id, data) select r->>'id', r from jsonb_array_elements($1::jsonb) r
   on conflict (id) do update set data = excluded.data, synced_at = now()`,
    [JSON.stringify(records)],
  );

/** Part: fetching and parsing every page, nothing written. */
export async function rawFetchOnly(baseUrl: string): Promise<Timed & { pages: Page[] }> {
  const pages: Page[] = [];
  const started = performance.now();
  const records = await walk(baseUrl, (data) => void pages.push(data));
  return { records, seconds: (performance.now() - started) / 1000, pages };
}

/** Part: bulk-upserting already fetched records in statements of `batch`, nothing fetched. */
export async function rawWriteOnly(db: Db, pages: Page[], batch = 2000): Promise<Timed> {
  await ensureTable(db);
  await db.exec('truncate bench_raw.customers');
  const all = pages.flat();
  const started = performance.now();
  for (let i = 0; i < all.length; i += batch) await upsert(db, all.slice(i, i + batch));
  return { records: all.length, seconds: (performance.now() - started) / 1000 };
}

/**
 * The raw limit: the best a plain script does on this machine. Pages are fetched one after another (the cursor
 * allows nothing else) while the previous batch is written, in statements of `batch` records; at most two batches
 * wait, so memory stays bounded. No Temporal, no mapping, no validation.
 */
export async function rawPipelined(db: Db, baseUrl: string, batch = 2000): Promise<Timed> {
  await ensureTable(db);
  await db.exec('truncate bench_raw.customers');
  const started = performance.now();
  let buffer: Page = [];
  let writing: Promise<unknown> = Promise.resolve();
  let inFlight = 0;
  const flush = async () => {
    const rows = buffer;
    buffer = [];
    if (inFlight >= 2) await writing; // back-pressure: the fetcher waits when writes fall behind
    inFlight++;
    writing = writing.then(() => upsert(db, rows)).finally(() => inFlight--);
  };
  const records = await walk(baseUrl, (data) => {
    buffer.push(...data);
    if (buffer.length >= batch) return flush();
  });
  if (buffer.length > 0) await flush();
  await writing;
  return { records, seconds: (performance.now() - started) / 1000 };
}
