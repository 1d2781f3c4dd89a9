import { parsePairs } from '../../../cli/commands/configs';

test('--set pairs: nested keys, JSON scalars parsed, everything else kept as text', () => {
  expect(parsePairs(['baseUrl=http://x?a=b', 'retries=2', 'live=true', 'auth.scheme=bearer', 'ids=[1,2]', 'name=007x'], '--set', true)).toEqual({
    baseUrl: 'http://x?a=b',
    retries: 2,
    live: true,
    auth: { scheme: 'bearer' },
    ids: [1, 2],
    name: '007x',
  });
});

test('--secret values are never parsed, and a pair without = names the flag and the fix', () => {
  expect(parsePairs(['api_key=123', 'pw=a=b'], '--secret', false)).toEqual({ api_key: '123', pw: 'a=b' });
  expect(() => parsePairs(['x=1', 'sk_live_SECRET'], '--secret', false)).toThrow('--secret #2: expected key=value, e.g. --secret api_key=...');
  expect(() => parsePairs(['sk_live_SECRET'], '--secret', false)).not.toThrow(/SECRET/);
});
