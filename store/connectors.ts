import type { Db } from './db';

/** A connector as public.connectors lists it (the console's and the CLI's catalogue). */
export interface ConnectorDef {
  name: string;
  type?: 'inbound' | 'outbound' | 'bidirectional';
  description?: string;
  version?: string;
  schemaVersion?: string;
  capabilities?: string[];
  /** JSON Schema of the config, for display; validation uses the zod schema from the adapter catalogue. */
  configSchema?: unknown;
}

export interface ConnectorRow extends Required<Omit<ConnectorDef, 'configSchema' | 'description'>> {
  id: string;
  description: string | null;
  status: string;
}

export async function upsertConnector(db: Db, def: ConnectorDef): Promise<void> {
  await db.query(
    `insert into public.connectors (name, type, description, version, schema_version, capabilities, config_schema)
     values ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)
     on conflict (name) do update set type = excluded.type, description = excluded.description, version = excluded.version,
       schema_version = excluded.schema_version, capabilities = excluded.capabilities, config_schema = excluded.config_schema`,
    [
      def.name,
      def.type ?? 'bidirectional',
      def.description ?? null,
      def.version ?? '1.0.0',
      def.schemaVersion ?? '1.0.0',
      JSON.stringify(def.capabilities ?? []),
      def.configSchema === undefined ? null : JSON.stringify(def.configSchema),
    ],
  );
}

export async function listConnectors(db: Db): Promise<ConnectorRow[]> {
  const res = await db.query<ConnectorRow>(
    `select id, name, type, description, version, schema_version as "schemaVersion", capabilities, status
     from public.connectors order by name`,
  );
  return res.rows;
}
