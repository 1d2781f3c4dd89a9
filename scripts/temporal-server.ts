import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTE_TYPES } from '../contracts/search-attributes';

export interface DevServerOptions {
  cliPath: string;
  ip?: string;
  port: number;
  uiPort?: number; // omitted: headless
  dbFilename?: string; // omitted: in memory
  namespace?: string;
  codecEndpoint?: string;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  startupTimeoutMs?: number;
  /** Own process group, so a terminal's Ctrl-C reaches us first and the worker can drain before the server stops. */
  detached?: boolean;
  /** false: a bare server with none of the project's search attributes, like a fresh Cloud namespace. */
  searchAttributes?: boolean;
}

export interface DevServer {
  address: string;
  uiUrl?: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Flags the project relies on: workflow updates (mapping approval) and update-with-start (one sync per config). */
const DYNAMIC_CONFIG = [
  'frontend.enableUpdateWorkflowExecution=true',
  'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
  'frontend.enableExecuteMultiOperation=true',
  'system.forceSearchAttributesCacheRefreshOnRead=true',
];

export function devServerArgs(o: DevServerOptions): string[] {
  const args = ['server', 'start-dev', '--ip', o.ip ?? '127.0.0.1', '--port', String(o.port)];
  args.push('--namespace', o.namespace ?? 'default', '--log-level', o.logLevel ?? 'warn');
  if (o.uiPort) args.push('--ui-port', String(o.uiPort));
  else args.push('--headless');
  if (o.dbFilename) args.push('--db-filename', o.dbFilename);
  if (o.codecEndpoint) args.push('--ui-codec-endpoint', o.codecEndpoint);
  const attributes = o.searchAttributes === false ? [] : Object.entries(SEARCH_ATTRIBUTE_TYPES);
  for (const [name, type] of attributes) args.push('--search-attribute', `${name}=${type}`);
  for (const kv of DYNAMIC_CONFIG) args.push('--dynamic-config-value', kv);
  return args;
}

async function waitForFrontend(address: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`temporal server exited early with code ${child.exitCode}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.workflowService.getSystemInfo({});
      await connection.close();
      return;
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`temporal server at ${address} not ready after ${timeoutMs} ms: ${String(lastError)}`);
}

const WATCHDOG = join(__dirname, 'child-watchdog.cjs');

/**
 * Starts `temporal server start-dev` and waits (longer than the SDK's ~5 s) until its frontend answers.
 * The server runs under scripts/child-watchdog.cjs, which holds a pipe from this process: whatever ends this
 * process, SIGKILL included, the pipe closes and the watchdog stops the server, so no orphan keeps the port.
 */
export async function startDevServer(o: DevServerOptions): Promise<DevServer> {
  if (o.dbFilename) mkdirSync(dirname(o.dbFilename), { recursive: true });
  const child = spawn(process.execPath, [WATCHDOG, o.cliPath, ...devServerArgs(o)], {
    stdio: ['pipe', 'ignore', 'pipe'],
    detached: o.detached ?? false,
  });
  const killOnExit = () => child.kill('SIGTERM'); // the watchdog stops the server; its pipe closing would too
  process.once('exit', killOnExit);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const address = `${o.ip ?? '127.0.0.1'}:${o.port}`;
  try {
    await waitForFrontend(address, child, o.startupTimeoutMs ?? 60_000);
  } catch (err) {
    child.kill('SIGTERM'); // not SIGKILL: the watchdog must live to stop the server
    throw new Error(`${(err as Error).message}\n${stderr}`, { cause: err });
  }
  return {
    address,
    uiUrl: o.uiPort ? `http://localhost:${o.uiPort}` : undefined,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 15_000); // the watchdog SIGKILLs the server at 10 s
        child.once('exit', () => {
          clearTimeout(force);
          process.off('exit', killOnExit);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
