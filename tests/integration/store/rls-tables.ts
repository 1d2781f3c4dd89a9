/**
 * The tables of the RLS matrix (rls.test.ts): for each, the rows owned by a user, an insert, a no-op update and
 * (where rows can change hands) a statement moving one owner's rows to another.
 */
import { randomUUID } from 'node:crypto';

export type Owner = { userId: string; configId: string; connector: string };

export interface TableSpec {
  /** Rows belonging to owner o. */
  mine: (o: Owner) => [string, unknown[]];
  insert: (o: Owner) => [string, unknown[]];
  touch: string;
  /** A statement moving o's rows to other (must be refused for users). */
  steal?: (o: Owner, other: Owner) => [string, unknown[]];
}
const byConfig =
  (col = 'config_id') =>
  (o: Owner): [string, unknown[]] => [`${col} = $1`, [o.configId]];
const rnd = () => randomUUID().slice(0, 12);
export const hex64 = () => (randomUUID() + randomUUID()).replace(/-/g, '');

export const TABLES: Record<string, TableSpec> = {
  connector_configs: {
    mine: byConfig('id'),
    touch: 'name = name',
    insert: (o) => ['insert into connector_configs (connector, user_id, name) values ($1, $2, $3)', [o.connector, o.userId, rnd()]],
    steal: (o, x) => ['update connector_configs set user_id = $2 where id = $1', [o.configId, x.userId]],
  },
  connector_credentials: {
    mine: byConfig(),
    touch: 'name = name',
    insert: (o) => [`insert into connector_credentials (config_id, name, encrypted_value, key_id) values ($1, $2, 'v1.k.i.t.c', 'k')`, [o.configId, rnd()]],
    steal: (o, x) => [`update connector_credentials set config_id = $2, name = name || '-moved' where config_id = $1`, [o.configId, x.configId]],
  },
  webhook_configs: {
    mine: byConfig(),
    touch: 'is_active = is_active',
    insert: (o) => [
      `insert into webhook_configs (connector, config_id, user_id, endpoint_path, secret, key_id) values ($1, $2, $3, $4, 'v1.k.i.t.c', 'k')`,
      [o.connector, o.configId, o.userId, rnd()],
    ],
    steal: (o, x) => ['update webhook_configs set user_id = $2, config_id = $3 where config_id = $1', [o.configId, x.userId, x.configId]],
  },
  unified_records: {
    mine: byConfig(),
    touch: 'deleted = deleted',
    insert: (o) => [
      `insert into unified_records (config_id, user_id, model, source_system, source_id, schema_version, data) values ($1, $2, 'customer', 's', $3, '2.0.0', '{}')`,
      [o.configId, o.userId, rnd()],
    ],
    steal: (o, x) => [
      `update unified_records set user_id = $2, config_id = $3, source_id = source_id || '-moved' where config_id = $1`,
      [o.configId, x.userId, x.configId],
    ],
  },
  sync_runs: {
    mine: byConfig(),
    touch: 'status = status',
    insert: (o) => [`insert into sync_runs (config_id, user_id, workflow_id) values ($1, $2, $3)`, [o.configId, o.userId, rnd()]],
    steal: (o, x) => ['update sync_runs set user_id = $2, config_id = $3 where config_id = $1', [o.configId, x.userId, x.configId]],
  },
  sync_state: {
    mine: byConfig(),
    touch: 'cursor = cursor',
    insert: (o) => [`insert into sync_state (config_id, model) values ($1, $2)`, [o.configId, rnd()]],
    steal: (o, x) => [`update sync_state set config_id = $2, model = model || '-moved' where config_id = $1`, [o.configId, x.configId]],
  },
  quarantined_records: {
    mine: byConfig(),
    touch: 'reason = reason',
    insert: (o) => [`insert into quarantined_records (config_id, user_id, model, reason) values ($1, $2, 'customer', 'r')`, [o.configId, o.userId]],
    steal: (o, x) => ['update quarantined_records set user_id = $2, config_id = $3 where config_id = $1', [o.configId, x.userId, x.configId]],
  },
  webhook_events: {
    mine: byConfig(),
    touch: 'status = status',
    insert: (o) => [
      `insert into webhook_events (connector, event_id, config_id, user_id, raw_body) values ($1, $2, $3, $4, '{}')`,
      [o.connector, rnd(), o.configId, o.userId],
    ],
    steal: (o, x) => ['update webhook_events set user_id = $2, config_id = $3 where config_id = $1', [o.configId, x.userId, x.configId]],
  },
  audit_log: {
    mine: (o) => ['user_id = $1', [o.userId]],
    touch: 'action = action',
    insert: (o) => [`insert into audit_log (actor, user_id, action, resource_type) values ('me', $1, 'x', 'y')`, [o.userId]],
  },
  agent_tokens: {
    mine: (o) => ['user_id = $1', [o.userId]],
    touch: 'revoked_at = revoked_at',
    insert: (o) => [`insert into agent_tokens (user_id, name, token_hash) values ($1, 'n', $2)`, [o.userId, hex64()]],
    steal: (o, x) => ['update agent_tokens set user_id = $2 where user_id = $1', [o.userId, x.userId]],
  },
  connectors: {
    mine: (o) => ['name = $1', [o.connector]],
    touch: 'description = description',
    insert: () => [`insert into connectors (name) values ($1)`, [`c-${rnd()}`]],
  },
  schema_mappings: {
    mine: (o) => ['connector = $1', [o.connector]],
    touch: 'version = version',
    insert: (o) => [`insert into schema_mappings (connector, source_schema, target_schema, mapping_rules) values ($1, 'S', $2, '{}')`, [o.connector, rnd()]],
  },
};
