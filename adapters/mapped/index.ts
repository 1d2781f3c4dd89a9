import { compileMapping, type CompiledMapping } from '../../mapping/compile';
import { MAPPABLE_MODELS, type MappableModel } from '../../mapping/format';
import { invertMapping, readPath, type InverseMapping } from '../../mapping/inverse';
import { HttpClient } from '../core/http';
import { ValidationError } from '../core/errors';
import { defineAdapter } from '../core/catalogue';
import type { AdapterContext, ConnectorInfo, ListPage, ModelName, SourceAdapter } from '../core/types';
import { MappedConfig } from './config';

/** The mapped connector's name, version and capabilities; its models are every model a mapping can produce. */
const mappedInfo = { name: 'mapped', version: '1.0.0', capabilities: ['read'], models: MAPPABLE_MODELS } as const satisfies ConnectorInfo;

export { MappedConfig, type MappedConfigInput } from './config';
export { withApprovedMappings, type ApprovedMappingSource, type StoredMapping } from './approved';

function authHeaders(cfg: MappedConfig, creds: Record<string, string>): () => Record<string, string> {
  const a = cfg.auth;
  return () => {
    if (a.scheme === 'bearer') return { authorization: `Bearer ${creds.token ?? ''}` };
    if (a.scheme === 'basic') return { authorization: `Basic ${Buffer.from(`${creds.username ?? ''}:${creds.password ?? ''}`).toString('base64')}` };
    if (a.scheme === 'header') return { [a.header]: creds.api_key ?? '' };
    return {};
  };
}

function nextLink(headers: Headers): string | null {
  const link = headers.get('link');
  const m = link
    ?.split(',')
    .map((p) => p.trim())
    .find((p) => /rel="?next"?/.test(p))
    ?.match(/<([^>]+)>/);
  return m?.[1] ?? null;
}

/** A SourceAdapter built from a MappedConfig: reads pages and maps them with the compiled, approved mappings. */
export function createMappedAdapter(ctx: AdapterContext<MappedConfig>, name = 'mapped'): SourceAdapter {
  const cfg = ctx.config;
  const http = new HttpClient({
    connector: name,
    prefixUrl: cfg.base_url.replace(/\/$/, ''),
    authHeaders: authHeaders(cfg, ctx.credentials),
    secrets: Object.values(ctx.credentials),
    logger: ctx.logger,
  });
  for (const [model, r] of Object.entries(cfg.resources)) {
    if (r && !r.mapping) {
      const field = r.mapping_id ? `mapping_id "${r.mapping_id}"` : `mapping_source "${r.mapping_source}"`;
      throw new ValidationError(
        `resources.${model}.${field}: the approved mapping was not loaded; run this connector on a worker built with buildActivityDeps(), which loads approved mappings`,
      );
    }
  }
  const compiled = new Map<string, CompiledMapping>();
  const inverse = new Map<string, InverseMapping>();
  const resource = (model: ModelName) => {
    const r = cfg.resources[model as MappableModel];
    if (!r) throw new ValidationError(`model "${model}": this mapped connector has no resource for it; add resources.${model} to its config`);
    return r;
  };
  const mapper = (model: ModelName) => {
    let fn = compiled.get(model);
    if (!fn) {
      fn = compileMapping(resource(model).mapping!, { keepRaw: true });
      compiled.set(model, fn);
    }
    return fn;
  };
  return {
    ...mappedInfo,
    name,
    models: Object.keys(cfg.resources) as ModelName[],
    async listPage(model, options = {}): Promise<ListPage> {
      const r = resource(model);
      const p = r.pagination;
      const size = options.pageSize ?? 100;
      let url = r.list_path.replace(/^\//, '');
      const params: Record<string, string | number> = { [r.page_size_param]: size };
      if (p.style === 'link' && options.cursor) url = options.cursor;
      else if (options.cursor && p.style !== 'link') params[p.param] = options.cursor;
      else if (p.style === 'page') params[p.param] = p.start;
      const res = await http.request<unknown>('GET', url, {
        searchParams: p.style === 'link' && options.cursor ? undefined : params,
        replaySafe: true,
        signal: options.signal,
      });
      const list = r.items_path ? readPath(res.body, r.items_path) : res.body;
      if (!Array.isArray(list))
        throw new ValidationError(`${r.list_path}: no array at items_path "${r.items_path ?? '(root)'}"; fix items_path in the connector config`);
      const map = mapper(model);
      const items = list.map((raw) => ({ sourceId: String(map(raw).source_id ?? ''), raw }));
      let nextCursor: string | null;
      if (p.style === 'cursor') nextCursor = (readPath(res.body, p.next_path) as string | undefined) ?? null;
      else if (p.style === 'page') nextCursor = list.length < size || list.length === 0 ? null : String(Number(options.cursor ?? p.start) + 1);
      else if (p.style === 'link') nextCursor = nextLink(res.headers);
      else nextCursor = readPath(res.body, p.has_more_path) === true && items.length ? items[items.length - 1]!.sourceId : null;
      return { items, nextCursor: nextCursor === '' ? null : nextCursor };
    },
    toUnified(model, raw) {
      return mapper(model)(raw);
    },
    fromUnified(model, record) {
      let inv = inverse.get(model);
      if (!inv) {
        inv = invertMapping(resource(model).mapping!);
        inverse.set(model, inv);
      }
      return inv.fromUnified(record);
    },
    async create() {
      throw new ValidationError(`connector "${name}" is read-only: mapped connectors sync; writes need a connector with code`);
    },
    async update() {
      throw new ValidationError(`connector "${name}" is read-only: mapped connectors sync; writes need a connector with code`);
    },
  };
}

export const adapter = defineAdapter<MappedConfig>({
  ...mappedInfo,
  description: 'A connector defined by data: base URL, auth, list endpoint, pagination and an approved field mapping',
  configSchema: MappedConfig,
  build: (ctx) => createMappedAdapter(ctx),
});
