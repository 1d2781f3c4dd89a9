/** A config id that names no config (deleted, mistyped, or another user's). */
export class ConfigNotFoundError extends Error {
  override name = 'ConfigNotFoundError';
  constructor(readonly configId: string) {
    super(`configId: no connector config ${configId}; list them with \`fabric configs list\``);
  }
}

export class NotFoundError extends Error {
  override name = 'NotFoundError';
  constructor(what: string, id: string, hint = '') {
    super(`${what}: no ${what.replace(/Id$/, '')} ${id}${hint ? `; ${hint}` : ''}`);
  }
}

/** Bad input to a store: the message names the field, the problem and the fix. */
export class StoreInputError extends Error {
  override name = 'StoreInputError';
}

/** "mappingId: no mapping <id>; <hint>": what a lookup by ID answers when no row has it. */
export function notFound(what: string, id: string, hint = ''): NotFoundError {
  return new NotFoundError(what, id, hint);
}
