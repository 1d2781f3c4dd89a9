import type { z } from 'zod';
import { assertOutboundAllowed, staticRefusal } from './outbound-guard';
import { AdapterCatalogue, adapterCatalogue, discoverAdapters, type AdapterDefinition } from './catalogue';
import type { AdapterLogger, SourceAdapter } from './types';
import { AuthError, ValidationError } from './errors';
import { pacerFor, processBudgets, type BudgetStore } from './pacing';
import { budgetKey, effectiveRateLimit, rateLimitSchema } from './rate-limits';
import { adapterLogger } from '../../telemetry/logger';

/** A stored connector config, as store/config-store.ts returns it. */
export interface ConnectorConfigRecord {
  id: string;
  connector: string;
  userId: string;
  name: string;
  config: Record<string, unknown>;
  isActive: boolean;
}

/** The part of store/config-store.ts the factory needs (structural, so adapters/ does not import store/). */
export interface ConnectorConfigSource {
  getConfig(configId: string): Promise<ConnectorConfigRecord | null | undefined>;
  getCredentials(configId: string, actor?: string): Promise<Record<string, string>>;
}

export interface CreateAdapterOptions {
  /** Who asks for the decrypted credentials; recorded by the store's audit log. */
  actor?: string;
  logger?: AdapterLogger;
  /** Defaults to the process-wide catalogue with the built-in connector folders discovered. */
  adapters?: AdapterCatalogue;
  /** Where request budgets live; workers pass store/rate-budget.ts (shared by all). Default: this process only. */
  budgets?: BudgetStore;
}

/**
 * Builds a ready adapter for a stored config: looks up the connector, validates its config with the connector's
 * zod schema, checks the required credential keys are present (never printing their values) and calls build().
 */
export async function createAdapterForConfig(
  configs: ConnectorConfigSource,
  configId: string,
  options: CreateAdapterOptions = {},
): Promise<{ adapter: SourceAdapter; config: ConnectorConfigRecord }> {
  const record = await configs.getConfig(configId);
  if (!record) throw new ValidationError(`connector config "${configId}" does not exist; create it first or check the ID`);
  if (!record.isActive) {
    throw new ValidationError(`connector config "${configId}" (${record.connector}) is inactive; activate it before using it`);
  }
  const adapters = options.adapters ?? adapterCatalogue;
  if (!options.adapters && !adapters.has(record.connector)) discoverAdapters();
  const definition = adapters.get(record.connector);
  const parsed = definition.configSchema.safeParse(record.config ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message }));
    const text = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    throw new ValidationError(`connector config "${configId}" (${record.connector}) is invalid: ${text}; fix the config`, {
      issues,
      connector: record.connector,
    });
  }
  // configs can be written straight through RLS, so the allow-list is checked again here, before any credential is read
  for (const url of outboundUrlsOf(definition, parsed.data)) await assertOutboundAllowed(record.connector, url);
  const credentials = await configs.getCredentials(configId, options.actor ?? 'adapter-factory');
  const missing = (definition.credentialKeys ?? []).filter((k) => !credentials[k]);
  if (missing.length > 0) {
    throw new AuthError(
      `connector config "${configId}" (${record.connector}) has no credential ${missing.map((k) => `"${k}"`).join(', ')}; store it with the credentials command`,
      { connector: record.connector },
    );
  }
  const setting = rateLimitSchema.optional().safeParse((record.config ?? {}).rateLimit);
  if (!setting.success) {
    const problem = setting.error.issues[0]?.message;
    throw new ValidationError(
      `connector config "${configId}" (${record.connector}): rateLimit ${problem}; ` + 'set it to { "requestsPerSecond": N } or false',
      { connector: record.connector },
    );
  }
  const limit = effectiveRateLimit(definition.rateLimit, setting.data, credentials);
  const budgets = options.budgets ?? processBudgets;
  const key = budgetKey(record.connector, credentials);
  const pacer = limit ? pacerFor(budgets, key, limit, record.connector) : undefined;
  const adapter = definition.build({ config: parsed.data, credentials, logger: options.logger ?? adapterLogger(), pacer });
  return { adapter, config: record };
}

/** The URLs a config makes its connector call: the definition's own answer, else `baseUrl` / `base_url`. */
export function outboundUrlsOf(definition: AdapterDefinition, config: unknown): string[] {
  if (definition.outboundUrls) return definition.outboundUrls(config);
  const c = (config ?? {}) as { baseUrl?: unknown; base_url?: unknown };
  return [c.baseUrl, c.base_url].filter((u): u is string => typeof u === 'string');
}

/** A connector's config schema plus production mode's outbound allow-list, so creating a config refuses a bad host. */
export function configSchemaWithOutboundCheck(definition: AdapterDefinition): z.ZodType {
  return definition.configSchema.superRefine((config, ctx) => {
    const c = config as Record<string, unknown>;
    for (const url of outboundUrlsOf(definition, config)) {
      const problem = staticRefusal(definition.name, url);
      const field = c.base_url === url ? 'base_url' : 'baseUrl';
      if (problem) ctx.addIssue({ code: 'custom', path: [field], message: `outbound host refused: ${problem}` });
    }
  });
}
