import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { cacheBinDir, goAvailable } from './temporal-cli';
import { freePort } from './free-port';

/** The official Stripe API mock: validates every parameter against Stripe's OpenAPI spec, holds no state. */
export const STRIPE_MOCK_MODULE = 'github.com/stripe/stripe-mock@latest';

/** STRIPE_MOCK_PATH first, then PATH, then the cache folder outside the repo. */
export function findStripeMock(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.STRIPE_MOCK_PATH) {
    if (!existsSync(env.STRIPE_MOCK_PATH))
      throw new Error(`STRIPE_MOCK_PATH points at ${env.STRIPE_MOCK_PATH}, which does not exist; unset it or fix the path`);
    return env.STRIPE_MOCK_PATH;
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 'stripe-mock'))) return join(dir, 'stripe-mock');
  }
  const cached = join(cacheBinDir(env), 'stripe-mock');
  return existsSync(cached) ? cached : undefined;
}

/** Finds stripe-mock or builds it into the cache with `go install`. */
export async function ensureStripeMock(log: (line: string) => void = console.log, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const found = findStripeMock(env);
  if (found) return found;
  if (!goAvailable(env)) throw new Error('stripe-mock not found and no Go toolchain to build it: install Go or set STRIPE_MOCK_PATH');
  const bin = cacheBinDir(env);
  mkdirSync(bin, { recursive: true });
  log(`Building stripe-mock (${STRIPE_MOCK_MODULE}) into ${bin}`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn('go', ['install', STRIPE_MOCK_MODULE], { env: { ...env, GOBIN: bin, CGO_ENABLED: '0' }, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`go install ${STRIPE_MOCK_MODULE} exited with code ${code}`))));
  });
  return join(bin, 'stripe-mock');
}

export interface StripeMockServer {
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts stripe-mock on a free loopback port (HTTP only) and waits until it answers. */
export async function startStripeMock(options: { path?: string; port?: number; timeoutMs?: number } = {}): Promise<StripeMockServer> {
  const path = options.path ?? (await ensureStripeMock());
  const port = options.port ?? (await freePort());
  const child = spawn(path, ['-http-addr', `127.0.0.1:${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`stripe-mock exited with code ${child.exitCode}: ${stderr}`);
    try {
      await fetch(`${url}/v1/customers`, { headers: { Authorization: 'Bearer sk_test_123' } });
      return { url, port, process: child, stop };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await stop();
  throw new Error(`stripe-mock did not answer on ${url} within ${options.timeoutMs ?? 20_000} ms: ${stderr}`);
}

if (require.main === module) {
  ensureStripeMock()
    .then((p) => console.log(p))
    .catch((err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    });
}
