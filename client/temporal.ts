import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { TemporalTarget } from '../config/temporal';
import { SEARCH_ATTRIBUTE_TYPES } from '../workflows/search-attributes';
import { payloadCodecFromEnv } from './codec';

export async function connectTemporal(target: TemporalTarget): Promise<{ connection: Connection; client: Client }> {
  const connection = await Connection.connect({
    address: target.address,
    apiKey: target.apiKey,
    tls: target.tls as ConnectionOptions['tls'],
  });
  const codec = payloadCodecFromEnv(target.payloadKey);
  const dataConverter = codec ? { payloadCodecs: [codec] } : undefined;
  return { connection, client: new Client({ connection, namespace: target.namespace, dataConverter }) };
}

const indexedType = temporal.api.enums.v1.IndexedValueType;

/**
 * Registers the project's search attributes in the namespace, adding only the missing ones. The dev server's
 * --search-attribute flag is applied only when its database file is first created, so this runs at every start.
 */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const known = new Set(Object.keys(existing.customAttributes ?? {}));
  const missing = Object.entries(SEARCH_ATTRIBUTE_TYPES).filter(([name]) => !known.has(name));
  if (missing.length === 0) return [];
  const searchAttributes = Object.fromEntries(
    missing.map(([name, type]) => [name, type === 'Int' ? indexedType.INDEXED_VALUE_TYPE_INT : indexedType.INDEXED_VALUE_TYPE_KEYWORD]),
  );
  await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
  return missing.map(([name]) => name);
}
