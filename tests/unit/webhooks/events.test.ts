import { extractSingle, interpretEnvelope } from '../../../adapters/core/webhook';
import { extractHubspotEvents, interpretHubspotEvent } from '../../../adapters/hubspot/webhook';
import { interpretStripeEvent } from '../../../adapters/stripe/webhook';

const ev = (payload: unknown) => ({ eventId: 'e', eventType: null, payload });

describe('extract: the dedup key (and account) per sender', () => {
  it('reads the envelope id (or X-Event-Id) and HubSpot eventId and portalId per element', () => {
    expect(extractSingle({ id: 'evt_1', type: 't' }, {})).toEqual({
      ok: true,
      events: [{ eventId: 'evt_1', eventType: 't', payload: { id: 'evt_1', type: 't' } }],
    });
    expect(extractSingle({ type: 't' }, { 'x-event-id': 'h1' })).toMatchObject({ ok: true, events: [{ eventId: 'h1' }] });
    const hub = extractHubspotEvents([
      { eventId: 5, portalId: 62515, subscriptionType: 'contact.creation' },
      { eventId: 6, portalId: 7 },
    ]);
    expect(hub).toMatchObject({
      ok: true,
      events: [
        { eventId: '5', account: '62515', eventType: 'contact.creation' },
        { eventId: '6', account: '7' },
      ],
    });
  });
  it('names the missing field and the fix', () => {
    expect(extractSingle({ type: 't' }, {})).toEqual({ ok: false, message: expect.stringMatching(/^id is missing/) });
    expect(extractSingle([1], {})).toEqual({ ok: false, message: 'body must be a JSON object' });
    expect(extractHubspotEvents([{ eventId: 1, portalId: 1 }, {}])).toEqual({ ok: false, message: expect.stringMatching(/^body\[1\]\.eventId/) });
    expect(extractHubspotEvents([{ eventId: 1 }])).toEqual({ ok: false, message: expect.stringMatching(/^body\[0\]\.portalId/) });
    expect(extractHubspotEvents([])).toEqual({ ok: false, message: expect.stringMatching(/empty array/) });
  });
});

describe('interpret: a stored event → record changes', () => {
  const obj = { id: 'cus_1', object: 'customer', email: 'ada@example.com', name: 'Ada' };
  it('envelope: orders by the object version, then sequence, else the event time (1 s resolution)', () => {
    expect(interpretEnvelope(ev({ type: 'customer.updated', created: 100, sequence: 7, data: { object: obj } }), ['customer'])).toEqual({
      status: 'apply',
      changes: [{ op: 'upsert', model: 'customer', sourceId: 'cus_1', version: 7, at: new Date(100_000).toISOString(), object: obj }],
    });
    expect(interpretEnvelope(ev({ type: 'customer.updated', created: 100, data: { object: obj } }), ['customer'])).toMatchObject({
      changes: [{ version: 100_000, versionResolutionMs: 1000 }],
    });
    expect(interpretEnvelope(ev({ type: 'customer.deleted', created: 1, data: { object: { id: 'cus_1' } } }), ['customer'])).toMatchObject({
      changes: [{ op: 'delete' }],
    });
    expect(interpretEnvelope(ev({ type: 'charge.updated', data: { object: obj } }), ['customer'])).toMatchObject({ status: 'ignored' });
    expect(interpretEnvelope(ev({ type: 'customer.updated', created: 1, data: { object: { name: 'x' } } }), ['customer'])).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/data\.object\.id/),
    });
    expect(interpretEnvelope(ev('text'), ['customer'])).toMatchObject({ status: 'failed' });
  });
  it('Stripe: customer.* and invoice.* objects, other objects ignored, deletes are tombstones', () => {
    expect(interpretStripeEvent(ev({ type: 'invoice.paid', created: 5, data: { object: { id: 'in_1', object: 'invoice' } } }))).toMatchObject({
      status: 'apply',
      changes: [{ op: 'upsert', model: 'invoice', sourceId: 'in_1', versionResolutionMs: 1000 }],
    });
    expect(interpretStripeEvent(ev({ type: 'invoice.deleted', created: 5, data: { object: { id: 'in_1', object: 'invoice' } } }))).toMatchObject({
      changes: [{ op: 'delete', model: 'invoice' }],
    });
    expect(
      interpretStripeEvent(ev({ type: 'invoice.updated', created: 5, data: { object: { id: 'in_1', object: 'invoice', lines: { has_more: true } } } })),
    ).toMatchObject({ changes: [{ op: 'refresh' }] });
    expect(interpretStripeEvent(ev({ type: 'customer.discount.created', created: 5, data: { object: { id: 'di_1', object: 'discount' } } }))).toEqual({
      status: 'ignored',
      reason: 'no record change for customer.discount.created (data.object is a discount)',
    });
    expect(interpretStripeEvent(ev({ type: 'customer.updated', data: { object: obj } }))).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/^created/),
    });
  });
  it('HubSpot: thin events re-read the contact; deletion, privacyDeletion and merge; other objects ignored', () => {
    const base = { eventId: 1, portalId: 9, occurredAt: 1_700_000_000_000, objectId: 42 };
    const at = new Date(base.occurredAt).toISOString();
    for (const t of ['contact.creation', 'contact.propertyChange', 'contact.restore', 'object.creation']) {
      expect(interpretHubspotEvent(ev({ ...base, subscriptionType: t, objectTypeId: '0-1' }))).toEqual({
        status: 'apply',
        changes: [{ op: 'refresh', model: 'customer', sourceId: '42', at, version: null }],
      });
    }
    expect(interpretHubspotEvent(ev({ ...base, subscriptionType: 'contact.deletion' }))).toMatchObject({ changes: [{ op: 'delete', sourceId: '42' }] });
    expect(interpretHubspotEvent(ev({ ...base, subscriptionType: 'contact.privacyDeletion' }))).toMatchObject({ changes: [{ op: 'erase', sourceId: '42' }] });
    expect(interpretHubspotEvent(ev({ ...base, subscriptionType: 'contact.merge', primaryObjectId: 42, mergedObjectIds: [42, 43, 44] }))).toMatchObject({
      changes: [
        { op: 'refresh', sourceId: '42' },
        { op: 'retire', sourceId: '43', mergedInto: '42' },
        { op: 'retire', sourceId: '44', mergedInto: '42' },
      ],
    });
    expect(interpretHubspotEvent(ev({ ...base, subscriptionType: 'deal.creation' }))).toMatchObject({ status: 'ignored' });
    expect(interpretHubspotEvent(ev({ ...base, subscriptionType: 'object.creation', objectTypeId: '0-3' }))).toMatchObject({
      status: 'ignored',
      reason: expect.stringMatching(/0-3/),
    });
    expect(interpretHubspotEvent(ev({ ...base, subscriptionType: 'contact.associationChange' }))).toMatchObject({ status: 'ignored' });
    expect(interpretHubspotEvent(ev({ ...base, occurredAt: undefined, subscriptionType: 'contact.creation' }))).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/occurredAt/),
    });
  });
});
