import { randomUUID } from 'node:crypto';
import { runCli } from '../../../cli/main';
import { generateKey } from '../../../store/credentials';
import { scratchDatabase } from './fixtures';

/** The CLI in-process against a database of its own (keys rotate touches every row). */
let url: string;
let drop: () => Promise<void>;
beforeAll(async () => {
  ({ url, drop } = await scratchDatabase(false));
});
afterAll(() => drop());

const key0 = generateKey('cli0');
const key1 = generateKey('cli1');

async function fabric(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    args,
    { out: (t) => out.push(t), err: (t) => err.push(t) },
    { DATABASE_URL: url, FABRIC_ENCRYPTION_KEY: key0, DATA_DIR: '.tmp/cli-test', ...env },
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

test('migrate, connectors, configs create/list/show/delete, keys generate/rotate', async () => {
  const m1 = await fabric(['migrate']);
  expect(m1.code).toBe(0);
  expect(m1.out).toMatch(/postgres \(plain Postgres: auth compatibility applied\): applied 20260126000000_init/);
  expect((await fabric(['migrate'])).out).toMatch(/nothing to apply; \d+ already applied/);

  const list = await fabric(['connectors', 'list', '--json']);
  expect(list.code).toBe(0);
  expect(JSON.parse(list.out).connectors.map((c: { name: string }) => c.name)).toContain('mock');

  const user = randomUUID();
  const bad = await fabric(['configs', 'create', 'mock', '--name', 'demo', '--user', user, '--set', 'baseUrl=nope']);
  expect(bad.code).toBe(1);
  expect(bad.err).toMatch(/config\.baseUrl: must be the fake API URL/);
  expect((await fabric(['configs', 'create', 'nosuch', '--name', 'x', '--user', user])).err).toMatch(/no adapter named "nosuch"/);

  const created = await fabric([
    'configs',
    'create',
    'mock',
    '--name',
    'demo',
    '--user',
    user,
    '--set',
    'baseUrl=http://127.0.0.1:4010',
    '--set',
    'retries=2',
    '--secret',
    'api_key=sk_cli_SECRET',
  ]);
  expect(created.code).toBe(0);
  const id = created.out.trim();
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  const asJson = await fabric(['configs', 'create', 'mock', '--name', 'demo2', '--user', user, '--set', 'baseUrl=http://127.0.0.1:4010', '--json']);
  expect(JSON.parse(asJson.out)).toMatchObject({ connector: 'mock', userId: user, name: 'demo2', config: { baseUrl: 'http://127.0.0.1:4010' } });

  const listed = JSON.parse((await fabric(['configs', 'list', '--user', user, '--json'])).out);
  expect(listed.configs.map((c: { name: string }) => c.name)).toEqual(['demo', 'demo2']);
  const shown = await fabric(['configs', 'show', id]);
  expect(shown.out).toMatch(/config: \{"baseUrl":"http:\/\/127.0.0.1:4010","retries":2\}/);
  expect(shown.out).toMatch(/credentials: api_key \(api_key, key cli0\)/);
  expect(shown.out + shown.err).not.toContain('SECRET');

  const gen = JSON.parse((await fabric(['keys', 'generate', '--id', 'abc', '--json'])).out);
  expect(gen).toMatchObject({ keyId: 'abc' });
  expect(gen.key).toMatch(/^abc:[A-Za-z0-9+/=]{44}$/);

  const rotated = await fabric(['keys', 'rotate', '--json'], { FABRIC_ENCRYPTION_KEY: key1, FABRIC_PREVIOUS_ENCRYPTION_KEYS: key0 });
  expect(rotated.code).toBe(0);
  expect(JSON.parse(rotated.out)).toMatchObject({ currentKeyId: 'cli1', credentials: 1, usage: [{ keyId: 'cli1', credentials: 1 }] });
  const status = JSON.parse((await fabric(['keys', 'status', '--json'], { FABRIC_ENCRYPTION_KEY: key1 })).out);
  expect(status.usage).toEqual([{ keyId: 'cli1', credentials: 1, webhookSecrets: 0 }]);
  expect((await fabric(['keys', 'rotate', '--batch-size', '0'])).err).toMatch(/--batch-size: "0" is not a positive whole number/);
  const after = await fabric(['configs', 'show', id], { FABRIC_ENCRYPTION_KEY: key1 });
  expect(after.out).toMatch(/key cli1/);

  expect((await fabric(['configs', 'delete', id])).out).toBe(`deleted ${id}`);
  const gone = await fabric(['configs', 'show', id]);
  expect(gone.code).toBe(1);
  expect(gone.err).toMatch(/no connector config/);
});
