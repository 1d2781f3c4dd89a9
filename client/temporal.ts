import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry/lib/client';
import type { TemporalTarget } from '../config/temporal';
import { payloadCodecFromEnv } from '../config/payload-codec';

export async function connectTemporal(target: TemporalTarget): Promise<{ connection: Connection; client: Client }> {
  const connection = await Connection.connect({
    address: target.address,
    apiKey: target.apiKey,
    tls: target.tls as ConnectionOptions['tls'],
  });
  const codec = payloadCodecFromEnv(target.payloadKey);
  const dataConverter = codec ? { payloadCodecs: [codec] } : undefined;
  // a span per start/signal/query, propagated to the workflow (a no-op until a tracer provider is installed)
  const interceptors = { workflow: [new OpenTelemetryWorkflowClientInterceptor()] };
  return { connection, client: new Client({ connection, namespace: target.namespace, dataConverter, interceptors }) };
}

export { ensureSearchAttributes } from './search-attributes';
