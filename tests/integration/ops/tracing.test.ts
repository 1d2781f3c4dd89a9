import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { startMockApi } from '../../../adapters/mock';
import { startSync } from '../../../client/sync';
import { connectTemporal } from '../../../client/temporal';
import { startTracing, stopTracing } from '../../../telemetry/tracing';
import type { SyncSummary } from '../../../contracts/sync';
import { testDb } from '../../helpers/db';
import { createTestConfig } from '../../helpers/fixtures';
import { startTestWorker, temporalAddress } from '../../helpers/temporal';

describe('tracing: one trace spans the client call, the workflow, its activities, their HTTP calls and Postgres', () => {
  const exporter = new InMemorySpanExporter();
  beforeAll(() => startTracing({ exporter, serviceName: 'fabric-test' }));
  const db = testDb();
  afterAll(async () => {
    await db.close();
    await stopTracing();
  });

  it('a sync yields one trace tagged with its workflow ID', async () => {
    const api = await startMockApi({ records: 30 });
    const { configId, deps } = await createTestConfig(db, { connector: 'mock', config: { baseUrl: api.url } });
    const worker = await startTestWorker(deps);
    const { client, connection } = await connectTemporal({ address: temporalAddress(), namespace: 'default', taskQueue: worker.taskQueue });
    try {
      const started = await startSync(client, worker.taskQueue, configId, { mode: 'full', models: ['customer'] });
      const summary = (await client.workflow.getHandle(started.workflowId).result()) as SyncSummary;
      expect(summary.status).toBe('completed');
      const wid = started.workflowId;
      let spans: ReadableSpan[] = [];
      for (let i = 0; i < 50; i++) {
        spans = exporter.getFinishedSpans();
        if (spans.some((s) => s.name.startsWith('RunWorkflow:'))) break;
        await new Promise((r) => setTimeout(r, 100)); // workflow spans leave the sandbox through a sink after the task
      }
      const start = spans.find((s) => s.name === 'StartWorkflow:syncWorkflow' && s.attributes.temporalWorkflowId === wid);
      expect(start).toBeDefined();
      const traceId = start!.spanContext().traceId;
      // every span of the run tagged with the workflow ID is in that one trace (a DescribeWorkflow call is its own)
      const tagged = spans.filter((s) => s.attributes.temporalWorkflowId === wid && s.name !== 'DescribeWorkflow');
      expect(new Set(tagged.map((s) => s.spanContext().traceId))).toEqual(new Set([traceId]));
      const inTrace = spans.filter((s) => s.spanContext().traceId === traceId);
      const names = inTrace.map((s) => s.name);
      expect(names).toEqual(
        expect.arrayContaining([expect.stringMatching(/^StartWorkflow:syncWorkflow$/), expect.stringMatching(/^RunWorkflow:syncWorkflow$/)]),
      );
      const activities = inTrace.filter((s) => s.name.startsWith('RunActivity:'));
      expect(activities.length).toBeGreaterThanOrEqual(2);
      expect(activities.every((s) => s.attributes.temporalWorkflowId === wid)).toBe(true);
      const http = inTrace.filter((s) => String(s.attributes['url.full'] ?? '').startsWith(api.url));
      expect(http.length).toBeGreaterThan(0);
      const pg = inTrace.filter((s) => s.attributes['db.system'] === 'postgresql');
      expect(pg.length).toBeGreaterThan(0);
      // every span in the trace hangs off another span of it, up to the client's root
      const ids = new Set(inTrace.map((s) => s.spanContext().spanId));
      const roots = inTrace.filter((s) => !s.parentSpanId || !ids.has(s.parentSpanId));
      expect(roots.map((s) => s.name)).toEqual(['StartWorkflow:syncWorkflow']);
      // statements are recorded without their parameters: no customer data in spans
      expect(JSON.stringify(pg.map((s) => s.attributes))).not.toMatch(/@example\./);
    } finally {
      await worker.stop();
      await connection.close();
      await api.stop();
    }
  });
});
