import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/** The CLI version we build from source; later tags carry a go.mod replace directive that `go install` refuses. */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

export function cacheBinDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'connectivity-fabric', 'bin');
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

export type CliSource = 'TEMPORAL_CLI_PATH' | 'PATH' | 'cache';

/** Looks for the `temporal` CLI: TEMPORAL_CLI_PATH first, then PATH, then the cache folder outside the repo. */
export function findTemporalCli(env: NodeJS.ProcessEnv = process.env): { path: string; source: CliSource } | undefined {
  if (env.TEMPORAL_CLI_PATH) {
    if (!existsSync(env.TEMPORAL_CLI_PATH)) {
      throw new Error(`TEMPORAL_CLI_PATH points at ${env.TEMPORAL_CLI_PATH}, which does not exist; unset it or fix the path`);
    }
    return { path: env.TEMPORAL_CLI_PATH, source: 'TEMPORAL_CLI_PATH' };
  }
  const fromPath = onPath('temporal', env);
  if (fromPath) return { path: fromPath, source: 'PATH' };
  const cached = join(cacheBinDir(env), 'temporal');
  if (existsSync(cached)) return { path: cached, source: 'cache' };
  return undefined;
}

export function goAvailable(env: NodeJS.ProcessEnv = process.env): boolean {
  return spawnSync('go', ['version'], { env, stdio: 'ignore' }).status === 0;
}

/** Builds the CLI into the cache with `go install`, printing go's progress lines with the elapsed time. */
export function buildTemporalCli(log: (line: string) => void = console.log, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const bin = cacheBinDir(env);
  mkdirSync(bin, { recursive: true });
  const started = Date.now();
  log(`Building the Temporal CLI (${TEMPORAL_CLI_MODULE}) into ${bin}; this takes a few minutes once.`);
  return new Promise((resolve, reject) => {
    const child = spawn('go', ['install', '-v', TEMPORAL_CLI_MODULE], {
      // -v: one line per package compiled, as progress
      env: { ...env, GOBIN: bin, CGO_ENABLED: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const progress = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        log(`  [${Math.round((Date.now() - started) / 1000)}s] ${line}`);
      }
    };
    child.stdout.on('data', progress);
    child.stderr.on('data', progress);
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) {
        log(`Temporal CLI built in ${Math.round((Date.now() - started) / 1000)}s.`);
        resolve(join(bin, 'temporal'));
      } else reject(new Error(`go install ${TEMPORAL_CLI_MODULE} exited with code ${code}`));
    });
  });
}

/** Finds the CLI, or builds it when Go is available; undefined means "let @temporalio/testing download it". */
export async function ensureTemporalCli(log: (line: string) => void = console.log): Promise<string | undefined> {
  const found = findTemporalCli();
  if (found) return found.path;
  if (goAvailable()) return buildTemporalCli(log);
  log('No temporal CLI and no Go toolchain: falling back to the SDK download from temporal.download.');
  return undefined;
}

if (require.main === module) {
  ensureTemporalCli()
    .then((path) => console.log(path ?? 'not found (the SDK will download it on demand)'))
    .catch((err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    });
}
