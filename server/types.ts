import type { Client } from '@temporalio/client';
import type { Db } from '../store/db';
import type { CodecAuthenticator } from './codec-auth';

/** One webhook endpoint as the server needs it: resolved by (connector, path), with its secrets decrypted. */
export interface WebhookEndpoint {
  id: string;
  connector: string;
  endpointPath: string;
  configId: string;
  userId: string;
  /** The current secret first, then the previous one while a rotation is in progress. */
  secrets: string[];
}

export interface EndpointResolver {
  resolve(connector: string, endpointPath: string): Promise<WebhookEndpoint | undefined>;
}

/** An event extracted from one signed request (HubSpot sends up to 100 in one body). */
export interface InboundEvent {
  eventId: string;
  eventType: string | null;
  payload: unknown;
  /**
   * True when the payload is the whole body: the row then stores only raw_body (payload stays null), so the ack
   * path pays for neither a second copy nor a jsonb parse, and Postgres never rejects JSON that JavaScript accepted.
   */
  wholeBody?: boolean;
}

export interface ServerDeps {
  db: Db;
  endpoints: EndpointResolver;
  /** Omitted: events are stored and acknowledged, and processing waits for a sweeper elsewhere. */
  temporal?: { client: Client; taskQueue: string };
  publicBaseUrl?: string;
  /** When set (and temporal is), POST /mcp serves the agent tools to bearer-token callers (agents/mcp-http.ts). */
  mcp?: { specDirs?: string; accessTokens?: CodecAuthenticator };
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
