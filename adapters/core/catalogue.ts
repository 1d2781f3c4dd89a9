import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { registerConnectorHosts } from './outbound-guard';
import { withRateLimitSetting, type DeclaredRateLimit } from './rate-limits';
import type { AdapterContext, Capability, ModelName, SourceAdapter } from './types';
import type { WebhookModule } from './webhook/types';

/** Everything the engine knows about a connector before it has a config: what `listAdapters()` returns. */
export interface AdapterDefinition<Config = unknown> {
  name: string;
  version: string;
  description?: string;
  capabilities: readonly Capability[];
  models: readonly ModelName[];
  /** Validates the connector config stored in its connector config (base URL, API version, ...). */
  configSchema: z.ZodType<Config>;
  /** Credential keys the connector needs (e.g. `api_key`); checked by the factory before build(). */
  credentialKeys?: readonly string[];
  /**
   * The vendor's API hosts, or `*.domain` for per-customer hosts (Jira sites); in production mode a config's base
   * URL must name one (or FABRIC_ALLOWED_HOSTS).
   */
  allowedHosts?: readonly string[];
  /** URLs a config makes the connector call; default: its `baseUrl` / `base_url` (adapters/core/outbound-guard.ts). */
  outboundUrls?(config: Config): string[];
  /** The vendor's documented request limit per credential; requests are paced under it (core/pacing.ts). */
  rateLimit?: DeclaredRateLimit;
  /** Builds a ready adapter for one config (its validated config, decrypted credentials and pacer). */
  build(ctx: AdapterContext<Config>): SourceAdapter;
  /** How this connector receives webhooks (adapters/core/webhook/types.ts); none: its endpoints answer 404. */
  webhook?: WebhookModule;
}

/** Folders under adapters/ that are not connectors. */
const NOT_CONNECTORS = new Set(['core', 'node_modules']);

export class AdapterCatalogue {
  private readonly definitions = new Map<string, AdapterDefinition>();

  register<Config>(definition: AdapterDefinition<Config>): AdapterDefinition<Config> {
    if (!/^[a-z][a-z0-9_-]*$/.test(definition.name)) {
      throw new Error(`adapter name "${definition.name}" is invalid: use lower-case letters, digits, "-" or "_", starting with a letter`);
    }
    const existing = this.definitions.get(definition.name);
    if (existing && existing !== (definition as AdapterDefinition)) {
      throw new Error(`adapter "${definition.name}" is already registered (version ${existing.version}); give the new connector another name`);
    }
    this.definitions.set(definition.name, definition as AdapterDefinition);
    registerConnectorHosts(definition.name, definition.allowedHosts);
    return definition;
  }

  get(name: string): AdapterDefinition {
    const found = this.definitions.get(name);
    if (!found) {
      const known = [...this.definitions.keys()].sort().join(', ') || 'none';
      throw new Error(`unknown connector "${name}"; registered connectors: ${known}`);
    }
    return found;
  }

  has(name: string): boolean {
    return this.definitions.has(name);
  }

  list(): AdapterDefinition[] {
    return [...this.definitions.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * Loads every connector folder under `dir` (each has an index.ts/js). A folder's module registers itself with
   * `registerAdapter(...)`, or exports its definition as `adapter` / `default` (or an `adapters` array) and the
   * catalogue registers it. Adding a connector is adding a folder: no core file changes.
   */
  discover(dir: string): string[] {
    const loaded: string[] = [];
    for (const entry of readdirSync(dir).sort()) {
      if (NOT_CONNECTORS.has(entry) || entry.startsWith('.') || entry.startsWith('_')) continue;
      const folder = join(dir, entry);
      if (!statSync(folder).isDirectory()) continue;
      const index = ['index.ts', 'index.js'].map((f) => join(folder, f)).find((f) => existsSync(f));
      if (!index) continue;
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- plugins are loaded by path, synchronously
      const mod = require(index) as Record<string, unknown>;
      for (const def of exportedDefinitions(mod)) this.register(def);
      loaded.push(entry);
    }
    return loaded;
  }
}

function isDefinition(value: unknown): value is AdapterDefinition {
  const v = value as Partial<AdapterDefinition> | null;
  return Boolean(v && typeof v === 'object' && typeof v.name === 'string' && typeof v.build === 'function' && v.configSchema);
}

function exportedDefinitions(mod: Record<string, unknown>): AdapterDefinition[] {
  const candidates = [mod.adapter, mod.default, ...(Array.isArray(mod.adapters) ? mod.adapters : [])];
  return [...new Set(candidates.filter(isDefinition))];
}

/** The process-wide catalogue that connector folders register into. */
export const adapterCatalogue = new AdapterCatalogue();
let discovered = false;

/** Loads the built-in connector folders once (adapters/<name>/index.ts). */
export function discoverAdapters(dir: string = join(__dirname, '..')): string[] {
  discovered = true;
  return adapterCatalogue.discover(dir);
}

function ensureDiscovered(): void {
  if (!discovered) discoverAdapters();
}

/** Plain-call registration; a connector folder's index.ts calls it at load time. Returns the definition. */
export function registerAdapter<Config>(definition: AdapterDefinition<Config>): AdapterDefinition<Config> {
  return adapterCatalogue.register(definition);
}

/**
 * Keeps the config type flowing from `configSchema` into `build`, and lets every connector's config carry the
 * common `rateLimit` setting (core/rate-limits.ts) past its own schema.
 */
export function defineAdapter<Config>(definition: AdapterDefinition<Config>): AdapterDefinition<Config> {
  return { ...definition, configSchema: withRateLimitSetting(definition.configSchema) as z.ZodType<Config> };
}

export function getAdapter(name: string): AdapterDefinition {
  ensureDiscovered();
  return adapterCatalogue.get(name);
}

/** The webhook module of a connector, or undefined when the connector is unknown or receives no webhooks. */
export function getWebhookModule(name: string): WebhookModule | undefined {
  ensureDiscovered();
  return adapterCatalogue.has(name) ? adapterCatalogue.get(name).webhook : undefined;
}

export function listAdapters(): AdapterDefinition[] {
  ensureDiscovered();
  return adapterCatalogue.list();
}
