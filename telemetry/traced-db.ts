import { SpanKind } from '@opentelemetry/api';
import type { Db } from '../store/db';
import { inSpan } from './tracing';

/** The statement's first words, never its parameters (they hold customer data). */
const statementOf = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 120);

/** Postgres spans (db.system=postgresql) under whatever span is active: an activity, a webhook request. */
export function tracedDb(db: Db): Db {
  const attrs = (sql: string) => ({ 'db.system': 'postgresql', 'db.statement': statementOf(sql) });
  return {
    kind: db.kind,
    query: (sql, params) => inSpan('pg.query', attrs(sql), () => db.query(sql, params), SpanKind.CLIENT),
    exec: (sql) => inSpan('pg.exec', attrs(sql), () => db.exec(sql), SpanKind.CLIENT),
    transaction: (fn) => inSpan('pg.transaction', { 'db.system': 'postgresql' }, () => db.transaction((tx) => fn(tracedDb(tx))), SpanKind.CLIENT),
    close: () => db.close(),
  };
}
