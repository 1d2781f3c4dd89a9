import type { Client, Connection } from '@temporalio/client';
import { loadEnv, type Env } from '../config/env';
import { temporalTarget, type TemporalTarget } from '../config/temporal';
import { connectTemporal } from '../client/temporal';
import { openDb, type Db } from '../store/db';
import { resolveDatabaseUrl, resolvePayloadKey } from './dev-state';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/**
 * What a command needs, opened lazily and closed once at the end: commands that only print never connect.
 * Each command prints a human summary, or with --json one JSON document on stdout.
 */
export class CliContext {
  private dbHandle?: Promise<Db>;
  private temporalHandle?: Promise<{ client: Client; connection: Connection }>;
  json = false;

  constructor(
    readonly io: CliIo,
    readonly source: NodeJS.ProcessEnv = process.env,
  ) {}

  get env(): Env {
    return loadEnv(this.source);
  }

  get target(): TemporalTarget {
    const target = temporalTarget(this.env, this.source);
    return { ...target, payloadKey: resolvePayloadKey(this.env, target.address) };
  }

  db(): Promise<Db> {
    this.dbHandle ??= openDb({ databaseUrl: resolveDatabaseUrl(this.env), pgliteDir: this.env.PGLITE_DIR });
    return this.dbHandle;
  }

  async temporal(): Promise<Client> {
    this.temporalHandle ??= connectTemporal(this.target);
    return (await this.temporalHandle).client;
  }

  /** Prints the human summary, or the JSON value when --json is on. */
  print(human: string | (() => string), json: unknown): void {
    this.io.out(this.json ? JSON.stringify(json, null, 2) : typeof human === 'function' ? human() : human);
  }

  async close(): Promise<void> {
    // a handle that failed to open was already reported by the command that asked for it
    if (this.dbHandle)
      await this.dbHandle.then(
        (db) => db.close(),
        () => undefined,
      );
    if (this.temporalHandle)
      await this.temporalHandle.then(
        (t) => t.connection.close(),
        () => undefined,
      );
  }
}
