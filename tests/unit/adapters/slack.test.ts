import { runCli } from '../../../cli/main';
import { AuthError, NotFoundError, RateLimitedError, TransientError, ValidationError } from '../../../adapters/core/errors';
import { getAdapter } from '../../../adapters/core/catalogue';
import { slackError, tsIso, tsMicros } from '../../../adapters/slack/api';
import { messageFromUnified, messageToUnified, parseMessageId } from '../../../adapters/slack/mapping';
import { extractSlackEvent, interpretSlackEvent } from '../../../adapters/slack/webhook';

test('ok=false answers become typed errors: auth, not found (with the fix for not_in_channel), rate limit, transient, validation', () => {
  expect(slackError('conversations.history', { ok: false, error: 'invalid_auth' })).toBeInstanceOf(AuthError);
  expect(slackError('conversations.history', { ok: false, error: 'not_in_channel' })).toEqual(
    expect.objectContaining({ message: expect.stringMatching(/invite the app/) }),
  );
  expect(slackError('conversations.replies', { ok: false, error: 'thread_not_found' })).toBeInstanceOf(NotFoundError);
  expect(slackError('chat.postMessage', { ok: false, error: 'ratelimited' })).toBeInstanceOf(RateLimitedError);
  expect(slackError('chat.postMessage', { ok: false, error: 'internal_error' })).toBeInstanceOf(TransientError);
  expect(slackError('chat.postMessage', { ok: false, error: 'msg_too_long' })).toBeInstanceOf(ValidationError);
  expect(slackError('chat.postMessage', { ok: false }).message).toMatch(/unknown_error/);
});

test('ts values order exactly as microseconds; message ids name the channel', () => {
  expect(tsMicros('1512085950.000216')).toBe(1_512_085_950_000_216);
  expect(tsMicros('1512085950.000216')).toBeLessThan(tsMicros('1512085950.000217'));
  expect(tsIso('1512085950.000216')).toBe('2017-11-30T23:52:30.000Z');
  expect(parseMessageId('C012AB3CD:1512085950.000216')).toEqual({ channel: 'C012AB3CD', ts: '1512085950.000216' });
  expect(() => parseMessageId('1512085950.000216')).toThrow(/expected "<channel id>:<ts>"/);
  expect(() => messageFromUnified({ text: 'x' })).toThrow(/channel_id: a message pushed to Slack needs the channel id/);
  expect(messageFromUnified({ channel_id: 'C012AB3CD', text: 'x', thread_id: 'C012AB3CD:1512085950.000216' })).toEqual({
    channel: 'C012AB3CD',
    text: 'x',
    thread_ts: '1512085950.000216',
  });
  const bot = messageToUnified({
    type: 'message',
    subtype: 'bot_message',
    bot_id: 'B0123456789',
    ts: '1512085950.000216',
    text: 'hi <@U123|ada> and <@U123>',
    channel: 'C012AB3CD',
  });
  expect(bot).toMatchObject({ user_id: null, mentions: ['U123'], thread_id: null, edited_at: null });
});

describe('Events API', () => {
  const body = (event: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    type: 'event_callback',
    event_id: 'Ev1',
    team_id: 'T1',
    event,
    ...extra,
  });
  it('extract refuses what is not an event callback, names the type with its subtype, and routes by team', () => {
    expect(extractSlackEvent({ type: 'app_rate_limited' }, {})).toMatchObject({ ok: false, message: expect.stringMatching(/expected event_callback/) });
    expect(extractSlackEvent(body({}, { event_id: undefined }), {})).toMatchObject({ ok: false, message: expect.stringMatching(/event_id is missing/) });
    expect(extractSlackEvent(body({}, { team_id: undefined }), {})).toMatchObject({ ok: false, message: expect.stringMatching(/team_id is missing/) });
    expect(extractSlackEvent(body({ type: 'message' }), { 'x-slack-retry-num': ['2'] })).toMatchObject({ ok: true });
    expect(extractSlackEvent(body({ type: 'message', subtype: 'message_changed' }), {})).toMatchObject({
      ok: true,
      events: [{ eventId: 'Ev1', eventType: 'message.message_changed', account: 'T1' }],
    });
    expect(extractSlackEvent(body('x' as never), {})).toMatchObject({ ok: true, events: [{ eventType: null }] });
  });
  it('interpret ignores what is not a message change and fails what it cannot place', () => {
    const i = (event: unknown) => interpretSlackEvent({ eventId: 'Ev1', eventType: null, payload: body(event as Record<string, unknown>) });
    expect(i({ type: 'reaction_added' })).toMatchObject({ status: 'ignored' });
    expect(i(undefined)).toMatchObject({ status: 'ignored', reason: expect.stringMatching(/without a type/) });
    expect(i({ type: 'message', ts: '1512085950.000216' })).toMatchObject({ status: 'failed', reason: expect.stringMatching(/event.channel/) });
    expect(i({ type: 'message', channel: 'C1', subtype: 'message_replied' })).toMatchObject({ status: 'ignored' });
    expect(i({ type: 'message', channel: 'C1', subtype: 'message_deleted' })).toMatchObject({ status: 'failed', reason: expect.stringMatching(/deleted_ts/) });
    expect(i({ type: 'message', channel: 'C1', subtype: 'message_changed' })).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/event.message.ts/),
    });
    const deleted = i({ type: 'message', channel: 'C1', subtype: 'message_deleted', previous_message: { ts: '1512085950.000216' }, ts: '1512085999.000001' });
    expect(deleted).toMatchObject({ status: 'apply', changes: [{ op: 'delete', sourceId: 'C1:1512085950.000216', version: 1_512_085_999_000_001 }] });
  });
});

test('fabric connectors list shows slack with its capabilities and models', async () => {
  const out: string[] = [];
  const io = { out: (t: string) => out.push(t), err: () => undefined };
  expect(await runCli(['connectors', 'list', '--json'], io, { ...process.env })).toBe(0);
  const slack = (JSON.parse(out.join('\n')) as { connectors: Array<Record<string, unknown>> }).connectors.find((c) => c.name === 'slack');
  expect(slack).toMatchObject({ capabilities: ['read', 'write', 'delete', 'webhook'], models: ['message'] });
  expect(getAdapter('slack')).toMatchObject({ credentialKeys: ['access_token'], rateLimit: { requestsPerSecond: 50 / 60 } });
});
