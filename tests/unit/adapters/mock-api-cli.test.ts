import { runCli } from '../../../cli/main';

test('fabric mock-api serves records until its duration ends and reports its URL as JSON', async () => {
  const out: string[] = [];
  const running = runCli(['--json', 'mock-api', '--records', '25', '--seed', '3', '--duration-ms', '400'], {
    out: (t) => out.push(t),
    err: (t) => out.push(t),
  });
  for (let i = 0; i < 50 && out.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  const { url } = JSON.parse(out[0]!) as { url: string };
  const body = (await (await fetch(`${url}/customers?limit=100`)).json()) as { data: unknown[] };
  expect(body.data).toHaveLength(25);
  expect(await running).toBe(0);
  expect(JSON.parse(out[1]!)).toMatchObject({ stopped: true, stats: { requests: 1 } });
});

test('a bad flag names the flag and the allowed range', async () => {
  const err: string[] = [];
  const code = await runCli(['mock-api', '--records', '10', '--error-rate', '2'], { out: () => undefined, err: (t) => err.push(t) });
  expect(code).not.toBe(0);
  expect(err.join('\n')).toContain('--error-rate must be a number from 0 to 1');
});
