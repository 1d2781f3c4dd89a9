import { parseMapping } from '../../mapping/format';
import { ValidationError } from '../core/errors';
import type { ConnectorConfigRecord, ConnectorConfigSource } from '../core/factory';

/** A schema_mappings row as store/mapping-store.ts returns it (structural: adapters/ never imports store/). */
export interface StoredMapping {
  id: string;
  connector: string;
  targetSchema: string;
  mappingRules: unknown;
  status: string;
  isActive: boolean;
}

/** What the mapped connector needs from the mapping store; the worker wires it in app/activity-deps.ts. */
export interface ApprovedMappingSource {
  findMapping(id: string): Promise<StoredMapping | undefined>;
  /** The live (approved, active) mapping a source system has for a model. */
  activeMapping(sourceSystem: string, model: string): Promise<StoredMapping | undefined>;
}

const APPROVE_HINT =
  'a person must approve it first (`fabric mapping approve <id>`, the id `fabric mapping generate` printed) or point the config at an approved mapping';

async function load(mappings: ApprovedMappingSource, configId: string, model: string, r: Record<string, unknown>): Promise<unknown> {
  const where = `connector config "${configId}": resources.${model}`;
  let row: StoredMapping | undefined;
  if (typeof r.mapping_id === 'string') {
    row = await mappings.findMapping(r.mapping_id);
    if (!row) throw new ValidationError(`${where}.mapping_id: no mapping "${r.mapping_id}" exists; use an ID that \`fabric mapping show\` prints`);
    if (row.status !== 'approved') throw new ValidationError(`${where}.mapping_id: mapping "${row.id}" is ${row.status}, not approved; ${APPROVE_HINT}`);
    if (!row.isActive)
      throw new ValidationError(
        `${where}.mapping_id: mapping "${row.id}" was approved but a newer one replaced it; use the live mapping's ID or mapping_source`,
      );
  } else if (typeof r.mapping_source === 'string') {
    row = await mappings.activeMapping(r.mapping_source, model);
    if (!row) throw new ValidationError(`${where}.mapping_source: "${r.mapping_source}" has no approved ${model} mapping; ${APPROVE_HINT}`);
  } else {
    return r.mapping;
  }
  if (row.targetSchema !== model) throw new ValidationError(`${where}: mapping "${row.id}" maps ${row.targetSchema}, not ${model}; use a ${model} mapping`);
  const parsed = parseMapping(row.mappingRules);
  if (!parsed.ok) throw new ValidationError(`${where}: stored mapping "${row.id}" is invalid (${parsed.errors.join('; ')}); generate and approve a new one`);
  return parsed.mapping;
}

/**
 * Wraps a config source so a mapped connector's config carries its approved mappings: each resource that names
 * mapping_id or mapping_source gets the stored rules as `mapping` when the adapter is built. A mapping that is not
 * approved is a ValidationError, which a sync reports as a non-retryable failure.
 */
export function withApprovedMappings(source: ConnectorConfigSource, mappings: ApprovedMappingSource, connector = 'mapped'): ConnectorConfigSource {
  return {
    getCredentials: (configId, actor) => source.getCredentials(configId, actor),
    async getConfig(configId): Promise<ConnectorConfigRecord | null | undefined> {
      const record = await source.getConfig(configId);
      const resources = record?.connector === connector ? record.config.resources : undefined;
      if (!record || !resources || typeof resources !== 'object') return record;
      const loaded: Record<string, unknown> = {};
      for (const [model, r] of Object.entries(resources as Record<string, unknown>)) {
        loaded[model] = r && typeof r === 'object' ? { ...r, mapping: await load(mappings, configId, model, r as Record<string, unknown>) } : r;
      }
      return { ...record, config: { ...record.config, resources: loaded } };
    },
  };
}
