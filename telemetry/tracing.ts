import { SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

/**
 * Tracing: client → workflow → activity → outbound HTTP (fetch, via undici's diagnostics channels) → Postgres
 * (store/db.ts through tracedDb), and webhook request → store → batch workflow. Spans leave the process by OTLP when
 * the standard variables name an endpoint (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, with
 * OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_HEADERS, ...); with none set, or OTEL_TRACES_EXPORTER=none, nothing is
 * recorded. Workflow spans reach the processor through the interceptors' sink (worker.ts).
 */
export const TRACER_NAME = 'connectivity-fabric';
let installed: { provider: NodeTracerProvider; processor: SpanProcessor; resource: Resource } | undefined;

export function otlpConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_TRACES_EXPORTER === 'none' || env.OTEL_SDK_DISABLED === 'true') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/**
 * Installs the process's tracer provider once: OTLP from the environment, or the exporter a test passes. Returns
 * undefined (tracing off) when neither is there.
 */
export function startTracing(o: { serviceName?: string; exporter?: SpanExporter; env?: NodeJS.ProcessEnv } = {}) {
  if (installed) return installed;
  const env = o.env ?? process.env;
  let processor: SpanProcessor;
  if (o.exporter) processor = new SimpleSpanProcessor(o.exporter);
  else if (otlpConfigured(env)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when an endpoint is configured
    const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
    processor = new BatchSpanProcessor(new OTLPTraceExporter());
  } else return undefined;
  const resource = new Resource({ 'service.name': env.OTEL_SERVICE_NAME ?? o.serviceName ?? 'connectivity-fabric' });
  const provider = new NodeTracerProvider({ resource, spanProcessors: [processor] });
  provider.register(); // the global provider, AsyncLocalStorage context and W3C trace-context propagation
  registerInstrumentations({ tracerProvider: provider, instrumentations: [new UndiciInstrumentation()] });
  installed = { provider, processor, resource };
  return installed;
}

export function tracingInstalled() {
  return installed;
}

export async function stopTracing(): Promise<void> {
  await installed?.provider.shutdown();
  installed = undefined;
}

/** Runs fn in a child span of the active one; without an active span (or tracing off) it just runs fn. */
export async function inSpan<T>(
  name: string,
  attributes: Record<string, string | number>,
  fn: (span?: Span) => Promise<T>,
  kind = SpanKind.INTERNAL,
): Promise<T> {
  if (!trace.getActiveSpan() && kind !== SpanKind.SERVER) return fn();
  return trace.getTracer(TRACER_NAME).startActiveSpan(name, { kind, attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
      throw err;
    } finally {
      span.end();
    }
  });
}
