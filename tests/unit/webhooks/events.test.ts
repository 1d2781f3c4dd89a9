import { interpretEvent } from '../../../activities/webhook-events';
import { extractEvents } from '../../../server/event-ids';

describe('extractEvents: the dedup key per sender', () => {
  it('reads Stripe/generic id, Slack event_id, GitHub delivery header and HubSpot eventId per element', () => {
    expect(extractEvents('stripe', { id: 'evt_1', type: 't' }, {})).toEqual({ ok: true, events: [{ eventId: 'evt_1', eventType: 't', payload: { id: 'evt_1', type: 't' } }] });
    expect(extractEvents('mock', { type: 't' }, { 'x-event-id': 'h1' })).toMatchObject({ ok: true, events: [{ eventId: 'h1' }] });
    expect(extractEvents('slack', { event_id: 'Ev1', event: { type: 'message' } }, {})).toMatchObject({ ok: true, events: [{ eventId: 'Ev1', eventType: 'message' }] });
    expect(extractEvents('github', { action: 'opened' }, { 'x-github-delivery': 'd-1', 'x-github-event': 'issues' })).toMatchObject({ ok: true, events: [{ eventId: 'd-1', eventType: 'issues' }] });
    expect(extractEvents('hubspot', [{ eventId: 5, subscriptionType: 'contact.creation' }, { eventId: 6 }], {})).toMatchObject({ ok: true, events: [{ eventId: '5' }, { eventId: '6' }] });
  });
  it('names the missing field and the fix', () => {
    expect(extractEvents('stripe', { type: 't' }, {})).toEqual({ ok: false, message: expect.stringMatching(/^id is missing/) });
    expect(extractEvents('stripe', [1], {})).toEqual({ ok: false, message: 'body must be a JSON object' });
    expect(extractEvents('hubspot', [{ eventId: 1 }, {}], {})).toEqual({ ok: false, message: expect.stringMatching(/^body\[1\]\.eventId/) });
    expect(extractEvents('hubspot', [], {})).toEqual({ ok: false, message: expect.stringMatching(/empty array/) });
    expect(extractEvents('slack', {}, {})).toEqual({ ok: false, message: expect.stringMatching(/event_id/) });
    expect(extractEvents('github', {}, {})).toEqual({ ok: false, message: expect.stringMatching(/X-GitHub-Delivery/) });
  });
});

describe('interpretEvent: payload → UnifiedEvent and record change', () => {
  const obj = { id: 'cus_1', object: 'customer', email: 'ada@example.com', name: 'Ada' };
  it('orders by sequence when present, else by event time in ms', () => {
    const a = interpretEvent('stripe', 'evt_1', { type: 'customer.updated', created: 100, sequence: 7, data: { object: obj } });
    expect(a).toMatchObject({ status: 'apply', change: { sourceId: 'cus_1', version: 7, deleted: false }, event: { event_type: 'customer.updated', resource_id: 'cus_1', occurred_at: new Date(100_000).toISOString() } });
    const b = interpretEvent('stripe', 'evt_2', { type: 'customer.updated', created: 100, data: { object: obj } });
    expect(b).toMatchObject({ status: 'apply', change: { version: 100_000 } });
  });
  it('marks customer.deleted as a tombstone, ignores other types, fails invalid customers with the field named', () => {
    expect(interpretEvent('stripe', 'e', { type: 'customer.deleted', created: 1, data: { object: { id: 'cus_1', deleted: true } } })).toMatchObject({ status: 'apply', change: { deleted: true } });
    expect(interpretEvent('stripe', 'e', { type: 'invoice.paid', data: { object: { id: 'in_1' } } })).toMatchObject({ status: 'ignored' });
    expect(interpretEvent('stripe', 'e', { type: 'customer.updated', data: { object: { id: 'cus_1', name: 'x', email: 'nope' } } })).toMatchObject({ status: 'failed', reason: expect.stringMatching(/email/) });
    expect(interpretEvent('stripe', 'e', { type: 'customer.updated', data: { object: { name: 'x' } } })).toMatchObject({ status: 'failed', reason: expect.stringMatching(/data\.object\.id/) });
    expect(interpretEvent('stripe', 'e', 'text')).toMatchObject({ status: 'failed' });
  });
});
