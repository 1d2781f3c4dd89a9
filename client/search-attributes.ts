import type { ConnectionLike as Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTE_TYPES } from '../contracts/search-attributes';

type AttributeName = keyof typeof SEARCH_ATTRIBUTE_TYPES;
const indexedType = temporal.api.enums.v1.IndexedValueType;

/** The project's search attributes the namespace does not have yet, in SEARCH_ATTRIBUTE_TYPES order. */
export async function missingSearchAttributes(connection: Connection, namespace: string): Promise<AttributeName[]> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const known = new Set(Object.keys(existing.customAttributes ?? {}));
  return (Object.keys(SEARCH_ATTRIBUTE_TYPES) as AttributeName[]).filter((name) => !known.has(name));
}

/**
 * Registers attributes through the operator service, then waits until the namespace lists them (a cluster's
 * search-attribute cache can lag). Temporal Cloud refuses this call: the caller prints searchAttributeCommands.
 */
export async function addSearchAttributes(connection: Connection, namespace: string, names: AttributeName[]): Promise<void> {
  if (names.length === 0) return;
  const searchAttributes = Object.fromEntries(
    names.map((name) => [name, SEARCH_ATTRIBUTE_TYPES[name] === 'Int' ? indexedType.INDEXED_VALUE_TYPE_INT : indexedType.INDEXED_VALUE_TYPE_KEYWORD]),
  );
  await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
  for (let i = 0; i < 50 && (await missingSearchAttributes(connection, namespace)).length > 0; i++) {
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The commands that register the attributes by hand: the `temporal` CLI for a cluster, `tcld` for Temporal Cloud. */
export function searchAttributeCommands(namespace: string, names: AttributeName[], address?: string): string[] {
  const byType = new Map<string, AttributeName[]>();
  for (const name of names) byType.set(SEARCH_ATTRIBUTE_TYPES[name], [...(byType.get(SEARCH_ATTRIBUTE_TYPES[name]) ?? []), name]);
  const cli = [...byType].map(
    ([type, group]) =>
      `temporal operator search-attribute create${address ? ` --address ${address}` : ''} --namespace ${namespace} ` +
      `${group.map((n) => `--name ${n}`).join(' ')} --type ${type}`,
  );
  const cloud =
    `tcld namespace search-attributes add --namespace ${namespace} ` + names.map((n) => `--search-attribute "${n}=${SEARCH_ATTRIBUTE_TYPES[n]}"`).join(' ');
  return [...cli, `(Temporal Cloud) ${cloud}`];
}

/** Adds whatever is missing; returns what was added. `fabric setup` reports refusals itself. */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const missing = await missingSearchAttributes(connection, namespace);
  await addSearchAttributes(connection, namespace, missing);
  return missing;
}
