import { readFile } from 'node:fs/promises';
import SwaggerParser from '@apidevtools/swagger-parser';
import { parse as parseYaml } from 'yaml';
import { FabricError } from '../config/errors';

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A spec problem the user must fix (bad file, not OpenAPI, bad pointer): the CLI exits with code 2 on it. */
export class SpecError extends FabricError {
  override name = 'SpecError';
}

export interface LoadedSpec {
  /** the document with every $ref replaced by the object it names (one object per target, shared) */
  api: Obj;
  swagger2: boolean;
  /** named schema object → its pointer ("/components/schemas/Customer") and name */
  named: Map<unknown, { pointer: string; name: string }>;
}

/** Reads a spec from a file path (JSON or YAML) or takes an already-parsed document. */
async function read(source: string | Obj): Promise<Obj> {
  if (typeof source !== 'string') return structuredClone(source);
  const text = await readFile(source, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new SpecError(`--spec ${source}: cannot read the file (${err.code ?? err.message}); give the path of an OpenAPI JSON or YAML file`);
  });
  try {
    const doc: unknown = text.trimStart().startsWith('{') ? JSON.parse(text) : parseYaml(text, { maxAliasCount: -1 });
    if (!isObj(doc)) throw new Error('the document is not an object');
    return doc;
  } catch (err) {
    throw new SpecError(`--spec ${source}: not valid JSON or YAML (${(err as Error).message}); fix the file`, { cause: err });
  }
}

export const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
const unescapePointer = (s: string) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~');

/** Loads, checks the version and resolves every $ref (circular ones stay shared objects). */
export async function loadSpec(source: string | Obj): Promise<LoadedSpec> {
  const doc = await read(source);
  const swagger2 = typeof doc.swagger === 'string' && doc.swagger.startsWith('2');
  if (!swagger2 && !(typeof doc.openapi === 'string' && doc.openapi.startsWith('3'))) {
    throw new SpecError('spec: neither "openapi: 3.x" nor "swagger: 2.0" found at the top; give an OpenAPI 3 or Swagger 2 document');
  }
  let api: Obj;
  try {
    api = (await SwaggerParser.dereference(doc as never, {
      dereference: { circular: true },
      resolve: { external: false },
    })) as unknown as Obj;
  } catch (err) {
    throw new SpecError(`spec: a $ref cannot be resolved (${(err as Error).message.split('\n')[0]}); fix the reference`, { cause: err });
  }
  const named = new Map<unknown, { pointer: string; name: string }>();
  const base = swagger2 ? '/definitions' : '/components/schemas';
  const defs = swagger2 ? api.definitions : isObj(api.components) ? api.components.schemas : undefined;
  if (isObj(defs)) {
    for (const [name, s] of Object.entries(defs)) if (!named.has(s)) named.set(s, { pointer: `${base}/${escapePointer(name)}`, name });
  }
  return { api, swagger2, named };
}

/** The node a JSON pointer names ("/components/schemas/Customer", with or without a leading "#"). */
export function resolvePointer(api: Obj, pointer: string): unknown {
  const p = pointer.replace(/^#/, '');
  if (p !== '' && !p.startsWith('/')) {
    throw new SpecError(`--schema ${pointer}: a JSON pointer starts with "/" (e.g. "/components/schemas/Customer"); escape "/" in names as ~1`);
  }
  let cur: unknown = api;
  for (const raw of p === '' ? [] : p.slice(1).split('/')) {
    const seg = unescapePointer(raw);
    if (Array.isArray(cur) && /^\d+$/.test(seg)) cur = cur[Number(seg)];
    else if (isObj(cur) && seg in cur) cur = cur[seg];
    else throw new SpecError(`--schema ${pointer}: nothing at "${seg}" in this spec; point at a schema such as "/components/schemas/Customer"`);
  }
  return cur;
}
