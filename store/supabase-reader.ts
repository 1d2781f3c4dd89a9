import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { WebSocketLikeConstructor } from '@supabase/realtime-js';
import type { Database, Tables } from './generated/database.types';

export type SyncRunRow = Pick<Tables<'sync_runs'>, 'id' | 'config_id' | 'workflow_id' | 'mode' | 'status' | 'counts' | 'errors' | 'started_at' | 'finished_at'>;
export type RecordRow = Pick<
  Tables<'unified_records'>,
  'source_id' | 'model' | 'schema_version' | 'data' | 'external_id' | 'deleted' | 'source_updated_at' | 'synced_at'
>;
export type SyncStateRow = Pick<Tables<'sync_state'>, 'model' | 'cursor' | 'high_watermark' | 'updated_at'>;

export interface ReaderOptions {
  /** The Supabase project URL (https://<ref>.supabase.co). */
  url: string;
  /** The project's anon (publishable) key: PostgREST's apikey; the user's JWT decides what RLS lets through. */
  anonKey: string;
  /** The signed-in user's access token, or a function returning a fresh one. */
  accessToken: string | (() => Promise<string | null>);
  fetch?: typeof fetch;
}

/**
 * The reader never subscribes to Realtime, but supabase-js 2.109 insists on a WebSocket at construction on Node 20
 * (Node 22 has one built in). This transport satisfies it and fails loudly if Realtime is ever used.
 */
class NoRealtime {
  constructor() {
    throw new Error('SupabaseReader does not use Realtime; create your own supabase-js client (with the "ws" package on Node 20) for subscriptions');
  }
}

const RUN_COLUMNS = 'id, config_id, workflow_id, mode, status, counts, errors, started_at, finished_at';
const RECORD_COLUMNS = 'source_id, model, schema_version, data, external_id, deleted, source_updated_at, synced_at';

/**
 * What other services use to read sync status and unified records through supabase-js, as the user: every query
 * goes through PostgREST with the user's JWT, so RLS (supabase/migrations/*_rls.sql) returns only that user's rows.
 * Read-only by design; writes go through workflows.
 */
export class SupabaseReader {
  readonly client: SupabaseClient<Database>;

  constructor(o: ReaderOptions) {
    const token = o.accessToken;
    this.client = createClient<Database>(o.url, o.anonKey, {
      accessToken: typeof token === 'function' ? token : async () => token,
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      global: o.fetch ? { fetch: o.fetch } : undefined,
      realtime: { transport: NoRealtime as unknown as WebSocketLikeConstructor },
    });
  }

  async latestSyncRun(configId: string): Promise<SyncRunRow | null> {
    const { data, error } = await this.client
      .from('sync_runs')
      .select(RUN_COLUMNS)
      .eq('config_id', configId)
      .order('started_at', { ascending: false })
      .limit(1)
      .maybeSingle();
    if (error) throw readerError('sync_runs', error);
    return data;
  }

  async listSyncRuns(configId: string, limit = 20): Promise<SyncRunRow[]> {
    const { data, error } = await this.client
      .from('sync_runs')
      .select(RUN_COLUMNS)
      .eq('config_id', configId)
      .order('started_at', { ascending: false })
      .limit(limit);
    if (error) throw readerError('sync_runs', error);
    return data;
  }

  async syncState(configId: string): Promise<SyncStateRow[]> {
    const { data, error } = await this.client.from('sync_state').select('model, cursor, high_watermark, updated_at').eq('config_id', configId).order('model');
    if (error) throw readerError('sync_state', error);
    return data;
  }

  /** One page of a model's live records in source_id order; pass the last source_id as after for the next page. */
  async listRecords(q: { configId: string; model: string; after?: string; limit?: number; includeDeleted?: boolean }): Promise<RecordRow[]> {
    let query = this.client.from('unified_records').select(RECORD_COLUMNS).eq('config_id', q.configId).eq('model', q.model);
    if (!q.includeDeleted) query = query.eq('deleted', false);
    if (q.after !== undefined) query = query.gt('source_id', q.after);
    const { data, error } = await query.order('source_id').limit(q.limit ?? 100);
    if (error) throw readerError('unified_records', error);
    return data;
  }

  async getRecord(configId: string, model: string, sourceId: string): Promise<RecordRow | null> {
    const { data, error } = await this.client
      .from('unified_records')
      .select(RECORD_COLUMNS)
      .eq('config_id', configId)
      .eq('model', model)
      .eq('source_id', sourceId)
      .maybeSingle();
    if (error) throw readerError('unified_records', error);
    return data;
  }
}

function readerError(table: string, e: { message: string; code?: string; hint?: string | null }): Error {
  return new Error(`reading ${table} through Supabase failed${e.code ? ` (${e.code})` : ''}: ${e.message}${e.hint ? `; ${e.hint}` : ''}`);
}
