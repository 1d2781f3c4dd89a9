// The base of the engine's errors. config/ imports no layer, so every folder but schema/ can extend these
// (schema/ imports nothing at all; its SchemaVersionError and MoneyError stay plain Errors).

export interface FabricErrorOptions {
  /** Whether trying the same thing again can succeed; Temporal failures follow it (adapters/core/errors.ts). */
  retryable?: boolean;
  /** The HTTP status, when a vendor's response caused it. */
  status?: number;
  /** A machine-readable code: the vendor's (Stripe `resource_missing`, HubSpot `RATE_LIMIT`) or our own. */
  code?: string;
  /** The connector involved, when there is one. */
  connector?: string;
  cause?: unknown;
}

/**
 * Every error the engine raises on purpose. Each layer adds a subclass where it knows more: adapters/core/errors.ts
 * (a vendor call failed: auth, validation, rate limited, transient), store/errors.ts (bad input, a missing config),
 * mapping/ (a bad mapping or spec), config/env.ts (a bad variable). A message names the field, the problem and the
 * fix, and never holds a secret.
 */
export class FabricError extends Error {
  readonly retryable: boolean;
  readonly status?: number;
  readonly code?: string;
  readonly connector?: string;

  constructor(message: string, options: FabricErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.retryable = options.retryable ?? false;
    this.status = options.status;
    this.code = options.code;
    this.connector = options.connector;
  }
}

/**
 * Something looked up by its ID or name is not there: a row (a mapping, a webhook endpoint, a config) or a vendor's
 * object (a 404). Never retryable: waiting does not make it appear.
 */
export class NotFoundError extends FabricError {
  constructor(message: string, options: Omit<FabricErrorOptions, 'retryable'> = {}) {
    super(message, { ...options, retryable: false });
  }

  /** "mappingId: no mapping <id>; <hint>", the message a lookup by ID gives. */
  static byId(what: string, id: string, hint = ''): NotFoundError {
    return new NotFoundError(`${what}: no ${what.replace(/Id$/, '')} ${id}${hint ? `; ${hint}` : ''}`);
  }
}
