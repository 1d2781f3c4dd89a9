import { z } from 'zod';
import { baseFields, IsoDateTime, requiredText } from '../base';

/** Canonical event for webhooks and notifications (Stripe Event, HubSpot webhook, generic webhook). */
export const UnifiedEvent = z
  .object({
    ...baseFields,
    event_type: requiredText('the event name, e.g. "customer.created"'),
    event_category: z.string().min(1).default('system'),
    payload: z.record(z.string(), z.unknown()).default({}),
    user_id: z.string().nullish(),
    resource_type: z.string().nullish(),
    resource_id: z.string().nullish(),
    occurred_at: IsoDateTime,
  })
  .loose()
  .meta({ title: 'UnifiedEvent', description: 'Canonical event (Stripe Event, HubSpot webhook, generic webhook)' });
export type UnifiedEvent = z.infer<typeof UnifiedEvent>;
