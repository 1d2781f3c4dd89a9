import type { Db } from './db';
import { NotFoundError } from './errors';

export type MappingStatus = 'draft' | 'approved' | 'rejected';

export interface SchemaMapping {
  id: string;
  connector: string;
  sourceSchema: string;
  targetSchema: string;
  mappingRules: unknown;
  version: string;
  isActive: boolean;
  status: MappingStatus;
  confidenceScore: number | null;
  humanVerified: boolean;
  approvedBy: string | null;
}

const COLUMNS = `id, connector, source_schema as "sourceSchema", target_schema as "targetSchema", mapping_rules as "mappingRules",
  version, is_active as "isActive", status, confidence_score as "confidenceScore", human_verified as "humanVerified",
  approved_by as "approvedBy"`;

/** Stores a proposed mapping as a draft: it goes live only when a person approves it. */
export async function createMapping(
  db: Db,
  m: { connector: string; sourceSchema: string; targetSchema: string; mappingRules: unknown; version?: string; confidenceScore?: number | null },
): Promise<SchemaMapping> {
  if (m.confidenceScore != null && !(m.confidenceScore >= 0 && m.confidenceScore <= 1)) {
    throw new Error(`confidenceScore: ${m.confidenceScore} is outside 0..1`);
  }
  await db.query(`insert into public.connectors (name) values ($1) on conflict (name) do nothing`, [m.connector]);
  const res = await db.query<SchemaMapping>(
    `insert into public.schema_mappings (connector, source_schema, target_schema, mapping_rules, version, confidence_score)
     values ($1, $2, $3, $4::jsonb, $5, $6) returning ${COLUMNS}`,
    [m.connector, m.sourceSchema, m.targetSchema, JSON.stringify(m.mappingRules), m.version ?? '1.0.0', m.confidenceScore ?? null],
  );
  return res.rows[0]!;
}

export async function getMapping(db: Db, id: string): Promise<SchemaMapping> {
  const res = await db.query<SchemaMapping>(`select ${COLUMNS} from public.schema_mappings where id = $1`, [id]);
  if (!res.rows[0]) throw NotFoundError.byId('mappingId', id);
  return res.rows[0];
}

export async function listMappings(db: Db, f: { connector?: string; targetSchema?: string; activeOnly?: boolean } = {}): Promise<SchemaMapping[]> {
  const res = await db.query<SchemaMapping>(
    `select ${COLUMNS} from public.schema_mappings
     where ($1::text is null or connector = $1) and ($2::text is null or target_schema = $2) and (not $3 or is_active)
     order by created_at, id`,
    [f.connector ?? null, f.targetSchema ?? null, f.activeOnly ?? false],
  );
  return res.rows;
}

/** The live mapping for a connector and target model, if one was approved. */
export async function getActiveMapping(db: Db, connector: string, targetSchema: string): Promise<SchemaMapping | undefined> {
  const res = await db.query<SchemaMapping>(
    `select ${COLUMNS} from public.schema_mappings where connector = $1 and target_schema = $2 and is_active
     order by created_at desc limit 1`,
    [connector, targetSchema],
  );
  return res.rows[0];
}

/** Approves a mapping and makes it the live one, retiring the previous live mapping for the same schemas. */
export async function approveMapping(db: Db, id: string, approvedBy: string): Promise<SchemaMapping> {
  return db.transaction(async (tx) => {
    const m = await getMapping(tx, id);
    await tx.query(
      `update public.schema_mappings set is_active = false
       where connector = $1 and source_schema = $2 and target_schema = $3 and is_active and id <> $4`,
      [m.connector, m.sourceSchema, m.targetSchema, id],
    );
    const res = await tx.query<SchemaMapping>(
      `update public.schema_mappings set status = 'approved', is_active = true, human_verified = true,
         approved_by = $2, approved_at = now() where id = $1 returning ${COLUMNS}`,
      [id, approvedBy],
    );
    return res.rows[0]!;
  });
}

export async function rejectMapping(db: Db, id: string, rejectedBy: string): Promise<SchemaMapping> {
  const res = await db.query<SchemaMapping>(
    `update public.schema_mappings set status = 'rejected', is_active = false, human_verified = true, approved_by = $2
     where id = $1 returning ${COLUMNS}`,
    [id, rejectedBy],
  );
  if (!res.rows[0]) throw NotFoundError.byId('mappingId', id);
  return res.rows[0];
}

export async function deleteMapping(db: Db, id: string): Promise<void> {
  const res = await db.query('delete from public.schema_mappings where id = $1', [id]);
  if (res.rowCount === 0) throw NotFoundError.byId('mappingId', id);
}

/** The mapping, or undefined when no row has that ID (or the ID is not a UUID). */
export async function findMapping(db: Db, id: string): Promise<SchemaMapping | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
  const res = await db.query<SchemaMapping>(`select ${COLUMNS} from public.schema_mappings where id = $1`, [id]);
  return res.rows[0];
}

/** Replaces a draft's rules (a person's edit before approval); an approved or rejected mapping is never rewritten. */
export async function updateMappingRules(db: Db, id: string, mappingRules: unknown): Promise<SchemaMapping> {
  const res = await db.query<SchemaMapping>(
    `update public.schema_mappings set mapping_rules = $2::jsonb where id = $1 and status = 'draft' returning ${COLUMNS}`,
    [id, JSON.stringify(mappingRules)],
  );
  if (res.rows[0]) return res.rows[0];
  const existing = await getMapping(db, id);
  throw new Error(`mappingId ${id}: is ${existing.status}; only a draft's rules can be edited, generate a new mapping instead`);
}
