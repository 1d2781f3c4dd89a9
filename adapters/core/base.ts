import { HttpClient, type HttpClientOptions } from './http';
import type { RequestPacer } from './pacing';
import type {
  AdapterContext,
  AdapterLogger,
  Capability,
  ConnectorInfo,
  ListOptions,
  ListPage,
  ModelName,
  SourceAdapter,
  WriteOptions,
  WriteResult,
} from './types';
import { ValidationError } from './errors';

/** Shared plumbing for HTTP connectors: the HTTP client, capability checks and a resumable page iterator. */
export abstract class BaseAdapter<Config = unknown> implements SourceAdapter {
  readonly name: string;
  readonly version: string;
  readonly capabilities: readonly Capability[];
  readonly models: readonly ModelName[];
  protected readonly config: Config;
  protected readonly credentials: Record<string, string>;
  protected readonly logger?: AdapterLogger;
  protected readonly pacer?: RequestPacer;

  /** `info` is the connector's one declaration of what it is; its definition in index.ts spreads the same object. */
  constructor(info: ConnectorInfo, ctx: AdapterContext<Config>) {
    this.name = info.name;
    this.version = info.version;
    this.capabilities = info.capabilities;
    this.models = info.models;
    this.config = ctx.config;
    this.credentials = ctx.credentials;
    this.logger = ctx.logger;
    this.pacer = ctx.pacer;
  }

  /** Builds the HTTP client (core/http.ts); every credential value is registered as a secret to scrub. */
  protected createHttp(options: Omit<HttpClientOptions, 'connector' | 'secrets' | 'logger' | 'pacer'>): HttpClient {
    const secrets = Object.values(this.credentials);
    return new HttpClient({ ...options, connector: this.name, secrets, logger: this.logger, pacer: this.pacer });
  }

  supports(capability: Capability): boolean {
    return this.capabilities.includes(capability);
  }

  protected assertModel(model: ModelName): void {
    if (!this.models.includes(model)) {
      throw new ValidationError(`${this.name} does not sync model "${model}"; supported models: ${this.models.join(', ')}`);
    }
  }

  abstract listPage(model: ModelName, options?: ListOptions): Promise<ListPage>;
  abstract toUnified(model: ModelName, raw: unknown): Record<string, unknown>;
  abstract fromUnified(model: ModelName, record: Record<string, unknown>): Record<string, unknown>;
  abstract create(model: ModelName, record: Record<string, unknown>, options: WriteOptions): Promise<WriteResult>;
  abstract update(model: ModelName, externalId: string, record: Record<string, unknown>, options: WriteOptions): Promise<WriteResult>;
}

/**
 * Pages through a listing as an async iterator. Each yielded page carries the cursor that resumes after it,
 * so a caller that persists `page.nextCursor` after committing can restart exactly there.
 */
export async function* listAll(adapter: SourceAdapter, model: ModelName, options: ListOptions = {}): AsyncGenerator<ListPage & { cursor: string | null }> {
  let cursor = options.cursor ?? null;
  for (;;) {
    const page = await adapter.listPage(model, { ...options, cursor });
    yield { ...page, cursor };
    if (!page.nextCursor) return;
    if (page.nextCursor === cursor) throw new Error(`${adapter.name}: listing ${model} returned the same cursor twice; stopping to avoid a loop`);
    cursor = page.nextCursor;
  }
}
