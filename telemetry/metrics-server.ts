import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { registry } from './metrics';

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * GET /metrics in the Prometheus text format: our own metrics, followed by the Temporal SDK runtime's (worker
 * polls, task latencies, slots), which the runtime serves on an internal address (`sdkMetricsUrl`, see worker.ts).
 */
export async function startMetricsServer(o: { host: string; port: number; sdkMetricsUrl?: string }): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found","message":"GET /metrics"}');
      return;
    }
    void (async () => {
      const own = await registry.metrics();
      const sdk = o.sdkMetricsUrl
        ? await fetch(o.sdkMetricsUrl).then(
            (r) => r.text(),
            () => '# temporal sdk metrics unavailable\n',
          )
        : '';
      res.writeHead(200, { 'content-type': registry.contentType }).end(`${own}\n${sdk}`);
    })().catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(o.port, o.host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${o.host}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
