import { ValidationError } from './errors';

/** Cursors are opaque to the engine: a base64url JSON object each connector defines for itself. */
export function encodeCursor(state: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

export function decodeCursor<T extends Record<string, unknown>>(cursor: string, connector: string): T {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as T;
  } catch {
    // fall through to the error below
  }
  throw new ValidationError(
    `cursor: "${cursor.slice(0, 40)}" is not a ${connector} cursor; pass the nextCursor a previous page returned, or null to start over`,
    { connector },
  );
}
