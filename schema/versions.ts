/**
 * Every version of every canonical model, oldest first, with the functions that move a stored record one step up
 * (from the previous version) or down (to the previous version). Versions are semantic (docs/DECISIONS.md); this
 * table is the one list of models: a model's entry here is what makes it exist (docs/ADDING.md).
 */
import type { z } from 'zod';
import { UnifiedCompany } from './models/company';
import * as customer from './models/customer';
import { UnifiedEvent } from './models/event';
import { UnifiedInvoice } from './models/invoice';
import { UnifiedMessage } from './models/message';
import { UnifiedTicket } from './models/ticket';

type Data = Record<string, unknown>;

export interface ModelVersion {
  version: string;
  schema: z.ZodType;
  /** What changed, for docs and the agent tools. */
  notes: string;
  /** Previous version → this one. Absent on the first version. */
  up?: (data: Data) => Data;
  /** This version → the previous one. Absent on the first version. */
  down?: (data: Data) => Data;
}

const VERSIONS = {
  customer: [
    { version: '1.0.0', schema: customer.UnifiedCustomerV1_0_0, notes: 'email, name, company, addresses, tags, custom_fields' },
    {
      version: '1.1.0',
      schema: customer.UnifiedCustomerV1_1_0,
      notes: 'minor: adds optional phone',
      up: customer.upgradeCustomer1_0_0,
      down: customer.downgradeCustomer1_1_0,
    },
    {
      version: '2.0.0',
      schema: customer.UnifiedCustomer,
      notes: 'major: name renamed to full_name',
      up: customer.upgradeCustomer1_1_0,
      down: customer.downgradeCustomer2_0_0,
    },
  ],
  invoice: [{ version: '1.0.0', schema: UnifiedInvoice, notes: 'initial' }],
  event: [{ version: '1.0.0', schema: UnifiedEvent, notes: 'initial' }],
  message: [{ version: '1.0.0', schema: UnifiedMessage, notes: 'initial' }],
  ticket: [{ version: '1.0.0', schema: UnifiedTicket, notes: 'initial' }],
  company: [{ version: '1.0.0', schema: UnifiedCompany, notes: 'initial' }],
} as const satisfies Readonly<Record<string, readonly ModelVersion[]>>;

export type ModelName = keyof typeof VERSIONS;
/** The table's exact type, for types read off it (schema/parse.ts ModelTypes). */
export type VersionTable = typeof VERSIONS;
export const SCHEMA_VERSIONS: Readonly<Record<ModelName, readonly ModelVersion[]>> = VERSIONS;
/** The canonical models, in SCHEMA_VERSIONS order. */
export const MODEL_NAMES = Object.keys(VERSIONS) as readonly ModelName[];

const latest = (model: ModelName): string => SCHEMA_VERSIONS[model][SCHEMA_VERSIONS[model].length - 1]!.version;

/** The version new records are written in. */
export const CURRENT_VERSION: Readonly<Record<ModelName, string>> = Object.fromEntries(MODEL_NAMES.map((m) => [m, latest(m)])) as Record<ModelName, string>;

/** Thrown for an unknown model or version; the message lists what is known. */
export class SchemaVersionError extends Error {
  override readonly name = 'SchemaVersionError';
}

export function isModelName(value: unknown): value is ModelName {
  return typeof value === 'string' && (MODEL_NAMES as readonly string[]).includes(value);
}

function indexOf(model: ModelName, version: string, role: string): number {
  if (!isModelName(model)) {
    throw new SchemaVersionError(`model: ${JSON.stringify(model)} is not a canonical model — use one of ${MODEL_NAMES.join(', ')}`);
  }
  const i = SCHEMA_VERSIONS[model].findIndex((v) => v.version === version);
  if (i < 0) {
    const known = SCHEMA_VERSIONS[model].map((v) => v.version).join(', ');
    throw new SchemaVersionError(`${role}: ${model} has no version ${JSON.stringify(version)} — known versions are ${known}`);
  }
  return i;
}

/** The zod model of one version of a model. */
export function schemaFor(model: ModelName, version: string = CURRENT_VERSION[model]): z.ZodType {
  return SCHEMA_VERSIONS[model][indexOf(model, version, 'version')]!.schema;
}

/**
 * Moves a record between any two versions of a model, one step at a time. Keys a step does not touch
 * (unknown extras included) are carried over unchanged. Does not validate: parse the result.
 */
export function migrateRecord(model: ModelName, fromVersion: string, toVersion: string, data: Data): Data {
  const from = indexOf(model, fromVersion, 'fromVersion');
  const to = indexOf(model, toVersion, 'toVersion');
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new SchemaVersionError(`data: a ${model} record must be a JSON object`);
  }
  const steps = SCHEMA_VERSIONS[model];
  let out: Data = { ...data };
  for (let i = from + 1; i <= to; i++) out = steps[i]!.up!(out);
  for (let i = from; i > to; i--) out = steps[i]!.down!(out);
  return out;
}

/** A stored record from any older version to CURRENT_VERSION[model]. */
export function upgradeRecord(model: ModelName, fromVersion: string, data: Data): Data {
  return migrateRecord(model, fromVersion, CURRENT_VERSION[model], data);
}

/** A current record down to an older version (for consumers pinned to it). Lossy when fields were added since. */
export function downgradeRecord(model: ModelName, toVersion: string, data: Data): Data {
  return migrateRecord(model, CURRENT_VERSION[model], toVersion, data);
}
