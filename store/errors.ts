import { FabricError, NotFoundError } from '../config/errors';

export { NotFoundError };

/** A config id that names no config (deleted, mistyped, or another user's). */
export class ConfigNotFoundError extends NotFoundError {
  override name = 'ConfigNotFoundError';
  constructor(readonly configId: string) {
    super(`configId: no connector config ${configId}; list them with \`fabric configs list\``);
  }
}

/** Bad input to a store: the message names the field, the problem and the fix. */
export class StoreInputError extends FabricError {
  override name = 'StoreInputError';
}
