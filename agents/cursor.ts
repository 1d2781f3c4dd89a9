import { ToolError } from './tool-kit';

/** Opaque page cursors: base64url JSON, so a model passes them back verbatim and cannot confuse them with ids. */
export const encodeCursor = (value: Record<string, string>) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function decodeCursor<K extends string>(
  cursor: string | undefined,
  keys: readonly K[],
  valid: (value: Record<K, string>) => boolean = () => true,
): Record<K, string> | null {
  if (!cursor) return null;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (keys.every((k) => typeof value[k] === 'string') && valid(value as Record<K, string>)) return value as Record<K, string>;
  } catch {
    // fall through to the error below
  }
  throw new ToolError('validation', 'cursor: not a cursor this tool returned; pass next_cursor verbatim or omit it', [
    { path: 'cursor', message: 'not a cursor this tool returned' },
  ]);
}
