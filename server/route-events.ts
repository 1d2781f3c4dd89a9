import type { WebhookModule } from '../adapters/core/webhook/types';
import type { EndpointResolver, InboundEvent, WebhookEndpoint } from './types';

/** An event ready to store: the config it belongs to, and its status when it will not be processed. */
export interface RoutedEvent extends InboundEvent {
  configId: string | null;
  userId: string | null;
  status: 'received' | 'ignored' | 'failed';
  error: string | null;
}

/** `*`, an exact type, or a `prefix.*` pattern (`invoice.*` takes invoice.paid, not invoice). */
export function typeAllowed(patterns: string[], type: string | null): boolean {
  return patterns.some((p) => p === '*' || p === type || (p.endsWith('.*') && type !== null && type.startsWith(p.slice(0, -1))));
}

/**
 * Decides where each event of a verified request goes. An endpoint's events belong to its config, unless the
 * connector routes by account (HubSpot's portalId): then each goes to the config of its account, and an event
 * for an account no config has (or two claim) is stored as failed for no config, so it is applied to nobody.
 * Types outside the endpoint's event_types are stored as ignored, with the reason.
 */
export async function routeEvents(
  module: WebhookModule,
  endpoint: WebhookEndpoint,
  events: InboundEvent[],
  resolver: EndpointResolver,
): Promise<RoutedEvent[]> {
  const out: RoutedEvent[] = [];
  for (const ev of events) {
    let target: { configId: string; userId: string } | undefined = { configId: endpoint.configId, userId: endpoint.userId };
    if (module.accountOf) {
      target = ev.account !== undefined && resolver.resolveAccount ? await resolver.resolveAccount(endpoint.connector, ev.account) : undefined;
      if (!target) {
        const setting = module.accountSetting ?? 'account';
        const error = `account ${ev.account ?? '(none)'}: no single active ${endpoint.connector} config has it; set it on the config (--set ${setting}=${ev.account ?? 'N'}) and replay the event`;
        out.push({ ...ev, configId: null, userId: null, status: 'failed', error });
        continue;
      }
    }
    if (!typeAllowed(endpoint.eventTypes, ev.eventType)) {
      const error = `event type ${ev.eventType ?? '(none)'} is not among this endpoint's event_types (${endpoint.eventTypes.join(', ')})`;
      out.push({ ...ev, ...target, status: 'ignored', error });
      continue;
    }
    out.push({ ...ev, ...target, status: 'received', error: null });
  }
  return out;
}
