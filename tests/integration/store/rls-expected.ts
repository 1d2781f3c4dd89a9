/**
 * What the RLS matrix (rls.test.ts) must find: per table and actor, the outcome of select/update/delete/insert on
 * A's and B's rows (rows, none, denied, fk, or the insert's row count) and of moving A's rows to B (steal).
 */
// steal = move A's rows to B: refused for A, invisible (0 rows) for B
const USER_DATA = (steal: string) => ({
  A: { select: 'A:rows B:none', update: 'A:rows B:none', delete: 'A:rows B:none', insert: 'A:1 B:denied', steal: 'denied' },
  B: { select: 'A:none B:rows', update: 'A:none B:rows', delete: 'A:none B:rows', insert: 'A:denied B:1', steal: '0' },
  anon: { select: 'A:denied B:denied', update: 'A:denied B:denied', delete: 'A:denied B:denied', insert: 'A:denied B:denied', steal: 'denied' },
  service: { select: 'A:rows B:rows', update: 'A:rows B:rows', delete: 'A:rows B:rows', insert: 'A:1 B:1', steal },
});
const CATALOG = {
  A: { select: 'A:rows B:rows', update: 'A:denied B:denied', delete: 'A:denied B:denied', insert: 'A:denied B:denied' },
  B: { select: 'A:rows B:rows', update: 'A:denied B:denied', delete: 'A:denied B:denied', insert: 'A:denied B:denied' },
  anon: { select: 'A:denied B:denied', update: 'A:denied B:denied', delete: 'A:denied B:denied', insert: 'A:denied B:denied' },
  service: { select: 'A:rows B:rows', update: 'A:rows B:rows', delete: 'A:rows B:rows', insert: 'A:1 B:1' },
};
export const EXPECTED: Record<string, unknown> = {
  // a config's children carry (config_id, user_id): not even the service can hand a config to another user
  connector_configs: USER_DATA('fk'),
  connector_credentials: USER_DATA('1'),
  webhook_configs: USER_DATA('1'),
  unified_records: USER_DATA('1'),
  sync_runs: USER_DATA('1'),
  sync_state: USER_DATA('1'),
  quarantined_records: USER_DATA('1'),
  webhook_events: USER_DATA('1'),
  audit_log: {
    A: { select: 'A:rows B:none', update: 'A:denied B:denied', delete: 'A:denied B:denied', insert: 'A:denied B:denied' },
    B: { select: 'A:none B:rows', update: 'A:denied B:denied', delete: 'A:denied B:denied', insert: 'A:denied B:denied' },
    anon: { select: 'A:denied B:denied', update: 'A:denied B:denied', delete: 'A:denied B:denied', insert: 'A:denied B:denied' },
    service: { select: 'A:rows B:rows', update: 'A:denied B:denied', delete: 'A:denied B:denied', insert: 'A:1 B:1' },
  },
  // MCP tokens: a user lists and revokes their own; only the service creates, deletes or reassigns them
  agent_tokens: {
    A: { select: 'A:rows B:none', update: 'A:rows B:none', delete: 'A:denied B:denied', insert: 'A:denied B:denied', steal: 'denied' },
    B: { select: 'A:none B:rows', update: 'A:none B:rows', delete: 'A:denied B:denied', insert: 'A:denied B:denied', steal: 'denied' },
    anon: { select: 'A:denied B:denied', update: 'A:denied B:denied', delete: 'A:denied B:denied', insert: 'A:denied B:denied', steal: 'denied' },
    service: { select: 'A:rows B:rows', update: 'A:rows B:rows', delete: 'A:rows B:rows', insert: 'A:1 B:1', steal: '1' },
  },
  // a connector still referenced by configs cannot be deleted, even by the service: 'fk' shows RLS let it through
  connectors: { ...CATALOG, service: { ...CATALOG.service, delete: 'A:fk B:fk' } },
  schema_mappings: CATALOG,
};
