import type { Client } from '@temporalio/client';
import type { AdapterDefinition } from '../adapters/core/catalogue';
import type { CredentialManager } from '../store/credentials';
import type { Db } from '../store/db';
import type { ConsoleAuth, ConsoleUser } from './auth';

/** What the console needs from the composition root; it opens nothing itself. */
export interface ConsoleDeps {
  db: Db;
  temporal: { client: Client; taskQueue: string; namespace?: string };
  auth: ConsoleAuth;
  credentials: CredentialManager;
  /** The connector catalogue (adapter plugins), for the connectors page and the new-config form. */
  catalogue: () => AdapterDefinition[];
  /** The Temporal Web UI, e.g. http://localhost:8233; links are left out when unset. */
  temporalUiUrl?: string;
  /** Where webhook URLs point (PUBLIC_BASE_URL); defaults to the request's own origin. */
  publicBaseUrl?: string;
}

/** The signed-in session of one request. */
export interface ConsoleSession {
  user: ConsoleUser;
  token: string;
  csrf: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    consoleSession: ConsoleSession | null;
  }
}

/** A form's field errors; the page re-renders the form with them and the submitted values. */
export type FieldErrors = Record<string, string>;
