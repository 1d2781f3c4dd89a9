import { HttpClient } from '../adapters/core/http';
import { spawnReady } from './_bench-env';

/**
 * `npm run bench -- http [--requests N]`: client CPU per request, the connectors' HttpClient over node:http (the
 * default transport) beside the same client on fetch and a bare fetch. Each GETs a 100-customer page of the
 * Stripe-shaped fake, which runs in its own process, and parses it; only this process's CPU is counted.
 */
export async function run(args: string[]): Promise<void> {
  const i = args.indexOf('--requests');
  const requests = Number(i >= 0 ? args[i + 1] : '2000');
  if (!Number.isInteger(requests) || requests < 1) throw new Error(`--requests ${args[i + 1] ?? ''}: give a positive whole number`);
  const source = await spawnReady('_sync-stack.ts', ['source', 'stripe', '1000'], process.env);
  const base = source.value;
  const auth = () => ({ authorization: 'Bearer sk_test_123' });
  const nodeClient = new HttpClient({ connector: 'bench', prefixUrl: base, authHeaders: auth });
  const fetchClient = new HttpClient({ connector: 'bench', prefixUrl: base, authHeaders: auth, fetch: (input, init) => fetch(input, init) });
  const params = { limit: 100 };
  const contenders: Record<string, () => Promise<unknown>> = {
    'HttpClient, node:http': () => nodeClient.request('GET', 'v1/customers', { searchParams: params }),
    'HttpClient, fetch': () => fetchClient.request('GET', 'v1/customers', { searchParams: params }),
    'bare fetch': async () => (await fetch(`${base}/v1/customers?limit=100`, { headers: auth() })).json(),
  };
  const cpuMs: Record<string, number> = {};
  try {
    for (let round = 0; round < 2; round++) {
      // the first round warms the JIT and the sockets; the second is reported
      for (const [name, send] of Object.entries(contenders)) {
        const before = process.cpuUsage();
        for (let n = 0; n < requests; n++) await send();
        const used = process.cpuUsage(before);
        cpuMs[name] = (used.user + used.system) / 1000 / requests;
      }
    }
  } finally {
    source.child.kill('SIGTERM');
  }
  console.log(`\nhttp benchmark: ${requests} GETs of a 100-customer page per contender, client CPU only (${new Date().toISOString()})`);
  for (const [name, ms] of Object.entries(cpuMs)) console.log(`  ${name.padEnd(24)} ${ms.toFixed(3)} CPU ms/request`);
  const node = cpuMs['HttpClient, node:http']!;
  console.log(
    `  node:http / bare fetch = ${(node / cpuMs['bare fetch']!).toFixed(2)}   node:http / HttpClient on fetch = ${(node / cpuMs['HttpClient, fetch']!).toFixed(2)}`,
  );
}
