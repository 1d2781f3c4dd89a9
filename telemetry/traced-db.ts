import { SpanKind, trace } from '@opentelemetry/api';
import type { Db } from '../store/db';
import { inSpan } from './tracing';

/** The statement's first words, never its parameters (they hold customer data). */
const statementOf = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 120);

/**
 * Postgres spans (db.system=postgresql) under whatever span is active: an activity, a webhook request. With no active
 * span (tracing off, or a query outside any traced work) a query goes straight through: the statement is not even
 * normalised, since the ack path and bulk upserts run many queries.
 */
export function tracedDb(db: Db): Db {
  const attrs = (sql: string) => ({ 'db.system': 'postgresql', 'db.statement': statementOf(sql) });
  const traced = () => trace.getActiveSpan() !== undefined;
  return {
    kind: db.kind,
    query: (sql, params) => (traced() ? inSpan('pg.query', attrs(sql), () => db.query(sql, params), SpanKind.CLIENT) : db.query(sql, params)),
    exec: (sql) => (traced() ? inSpan('pg.exec', attrs(sql), () => db.exec(sql), SpanKind.CLIENT) : db.exec(sql)),
    transaction: (fn) => inSpan('pg.transaction', { 'db.system': 'postgresql' }, () => db.transaction((tx) => fn(tracedDb(tx))), SpanKind.CLIENT),
    close: () => db.close(),
  };
}
