import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../store/db';
import type { CodecAuthenticator } from './codec-auth';
import type { InboundEvent } from '../adapters/core/webhook/types';

export type { InboundEvent };

/** One webhook endpoint as the server needs it: resolved by (connector, path), with its secrets decrypted. */
export interface WebhookEndpoint {
  id: string;
  connector: string;
  endpointPath: string;
  configId: string;
  userId: string;
  /** The current secret first, then the previous one while a rotation is in progress. */
  secrets: string[];
  /** Event types the endpoint takes (`*`, exact, or a `prefix.*`); others are stored as ignored. */
  eventTypes: string[];
}

/** The connector config an event of a shared endpoint belongs to (HubSpot: the config with that portalId). */
export interface AccountConfig {
  configId: string;
  userId: string;
}

export interface EndpointResolver {
  resolve(connector: string, endpointPath: string): Promise<WebhookEndpoint | undefined>;
  /** The one active config of `connector` whose account (e.g. portalId) is `account`; undefined when none or several. */
  resolveAccount?(connector: string, account: string): Promise<AccountConfig | undefined>;
}

export interface ServerDeps {
  db: Db;
  endpoints: EndpointResolver;
  /** Omitted: events are stored and acknowledged, and processing waits for a sweeper elsewhere. */
  temporal?: { client: Client; taskQueue: string };
  publicBaseUrl?: string;
  /** When set (and temporal is), POST /mcp serves the agent tools to bearer-token callers (agents/mcp-http.ts). */
  mcp?: { specDirs?: string; accessTokens?: CodecAuthenticator };
  /** More routes on the same server, each in its own encapsulated plugin (the admin console: console/index.ts). */
  routes?: Array<(app: FastifyInstance) => unknown>;
}

export interface ServerLimits {
  /** Bodies above this get a 413 before they are read whole. */
  bodyLimit: number;
  /** Requests waiting for the database beyond this get a 429 with Retry-After. */
  maxPending: number;
  /** How often the sweeper looks for stored events whose processing was never started. */
  sweepIntervalMs: number;
}

export const DEFAULT_LIMITS: ServerLimits = { bodyLimit: 1024 * 1024, maxPending: 5000, sweepIntervalMs: 2000 };
