import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { cacheBinDir } from './temporal-cli';

/** Which dev stack started the Temporal server on a port: one small file per port, outside any data directory. */
export interface DevServerRecord {
  /** The server's watchdog (scripts/child-watchdog.cjs); stopping it stops the server. */
  pid: number;
  stackPid: number;
  dataDir: string;
  dbFilename: string;
}

const recordFile = (port: number) => join(cacheBinDir(), '..', 'dev-servers', `${port}.json`);

export function recordDevServer(port: number, record: DevServerRecord): void {
  mkdirSync(join(recordFile(port), '..'), { recursive: true });
  writeFileSync(recordFile(port), JSON.stringify(record));
}

export function forgetDevServer(port: number): void {
  rmSync(recordFile(port), { force: true });
}

/** The record of the server on this port, if its watchdog still runs (a stale file is ignored). */
export function readDevServerRecord(port: number): DevServerRecord | undefined {
  const file = recordFile(port);
  if (!existsSync(file)) return undefined;
  try {
    const record = JSON.parse(readFileSync(file, 'utf8')) as DevServerRecord;
    process.kill(record.pid, 0);
    return record;
  } catch {
    return undefined;
  }
}

/** true when something accepts TCP connections on ip:port. */
export function isListening(ip: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: ip, port });
    socket.setTimeout(1000);
    const done = (listening: boolean) => {
      socket.destroy();
      resolve(listening);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}
