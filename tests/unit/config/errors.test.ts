import { ApplicationFailure } from '@temporalio/common';
import { AuthError, NotFoundError as AdapterNotFound, RateLimitedError, toTemporalFailure } from '../../../adapters/core/errors';
import { FabricError, NotFoundError } from '../../../config/errors';
import { MappingError } from '../../../mapping/compile';
import { ConfigNotFoundError, NotFoundError as StoreNotFound, StoreInputError } from '../../../store/errors';

test('one NotFoundError: the store and the adapters throw the same class', () => {
  expect(AdapterNotFound).toBe(NotFoundError);
  expect(StoreNotFound).toBe(NotFoundError);
  const missing = new ConfigNotFoundError('c-1');
  expect(missing).toBeInstanceOf(NotFoundError);
  expect(missing).toMatchObject({ name: 'ConfigNotFoundError', retryable: false, configId: 'c-1' });
  expect(NotFoundError.byId('mappingId', 'm-1', 'see `fabric mapping show`').message).toBe('mappingId: no mapping m-1; see `fabric mapping show`');
});

test('every layer extends FabricError, named after its class', () => {
  for (const err of [new AuthError('a'), new StoreInputError('s'), new MappingError('rules.0', 'bad'), new ConfigNotFoundError('c')]) {
    expect(err).toBeInstanceOf(FabricError);
    expect(err.name).toBe(err.constructor.name);
  }
});

test('Temporal sees a missing object as non-retryable, a rate limit as a wait, anything else unchanged', () => {
  const notFound = toTemporalFailure(new NotFoundError('stripe: GET /customers/x returned 404', { status: 404, connector: 'stripe' }));
  expect(notFound).toBeInstanceOf(ApplicationFailure);
  expect(notFound).toMatchObject({ type: 'NotFoundError', nonRetryable: true, details: [{ status: 404, code: null, connector: 'stripe' }] });
  expect(toTemporalFailure(new RateLimitedError('slow down', 2000))).toMatchObject({ nonRetryable: false, nextRetryDelay: 2000 });
  const input = new StoreInputError('name: must not be empty');
  expect(toTemporalFailure(input)).toBe(input);
});
