import { StripeEventFactory } from './_webhooks-events';

interface AutocannonResult {
  latency: { p50: number; p99: number };
  requests: { average: number; total: number };
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- autocannon ships no types
const autocannon = require('autocannon') as Autocannon;

export interface StepResult {
  target: number;
  achieved: number;
  p50: number;
  p99: number;
  ok2xx: number;
  bad: number;
}

/** Holds `rate` requests/s of unique signed Stripe events for `seconds`, from `connections` keep-alive connections. */
export async function drive(o: { url: string; rate: number; seconds: number; connections: number; events: StripeEventFactory }): Promise<StepResult> {
  const r = await autocannon({
    url: o.url,
    method: 'POST',
    connections: o.connections,
    overallRate: o.rate,
    duration: o.seconds,
    timeout: 10,
    requests: [
      {
        setupRequest: (req: Record<string, unknown>) => {
          const { body, signature } = o.events.next();
          return { ...req, body, headers: { 'content-type': 'application/json', 'stripe-signature': signature } };
        },
      },
    ],
  });
  return {
    target: o.rate,
    achieved: Math.round(r['2xx'] / o.seconds),
    p50: r.latency.p50,
    p99: r.latency.p99,
    ok2xx: r['2xx'],
    bad: r.non2xx + r.errors + r.timeouts,
  };
}
