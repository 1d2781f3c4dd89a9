import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findStripeMock } from '../../../scripts/stripe-mock';

test('stripe-mock is found through STRIPE_MOCK_PATH, then PATH, then the cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stripe-mock-'));
  const bin = join(dir, 'stripe-mock');
  writeFileSync(bin, '#!/bin/sh\n');
  chmodSync(bin, 0o755);
  expect(findStripeMock({ STRIPE_MOCK_PATH: bin })).toBe(bin);
  expect(() => findStripeMock({ STRIPE_MOCK_PATH: join(dir, 'nope') })).toThrow(/STRIPE_MOCK_PATH points at .*nope, which does not exist/);
  expect(findStripeMock({ PATH: dir, XDG_CACHE_HOME: join(dir, 'empty-cache') })).toBe(bin);
  const cache = mkdtempSync(join(tmpdir(), 'cache-'));
  expect(findStripeMock({ PATH: '', XDG_CACHE_HOME: cache })).toBeUndefined();
});
