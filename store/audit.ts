import type { Db } from './db';

/** One row of the audit log: who touched which credential or config, and how. */
export interface AuditEntry {
  actor: string;
  userId?: string | null;
  action: string;
  resourceType: string;
  resourceId?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditRow extends Required<Omit<AuditEntry, 'details'>> {
  id: string;
  details: Record<string, unknown>;
  createdAt: string;
}

/** Appends audit rows in one statement. Details must never hold secret values: callers pass names, not values. */
export async function writeAudit(db: Db, entries: AuditEntry | AuditEntry[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  const rows = list.map((e) => ({
    actor: e.actor,
    user_id: e.userId ?? null,
    action: e.action,
    resource_type: e.resourceType,
    resource_id: e.resourceId ?? null,
    details: e.details ?? {},
  }));
  await db.query(
    `insert into public.audit_log (actor, user_id, action, resource_type, resource_id, details)
     select actor, user_id, action, resource_type, resource_id, coalesce(details, '{}'::jsonb)
     from jsonb_to_recordset($1::jsonb)
       as r(actor text, user_id uuid, action text, resource_type text, resource_id text, details jsonb)`,
    [JSON.stringify(rows)],
  );
}

export async function listAudit(db: Db, filter: { resourceType?: string; resourceId?: string; userId?: string; limit?: number } = {}): Promise<AuditRow[]> {
  const res = await db.query<AuditRow>(
    `select id, actor, user_id as "userId", action, resource_type as "resourceType", resource_id as "resourceId",
            details, created_at::text as "createdAt"
     from public.audit_log
     where ($1::text is null or resource_type = $1) and ($2::text is null or resource_id = $2)
       and ($3::uuid is null or user_id = $3)
     order by created_at desc limit $4`,
    [filter.resourceType ?? null, filter.resourceId ?? null, filter.userId ?? null, filter.limit ?? 100],
  );
  return res.rows;
}
