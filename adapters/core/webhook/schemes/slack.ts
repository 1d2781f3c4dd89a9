import { checkWindow, header, hmac, matchAny, type SignatureScheme } from '../signing';

export const SLACK_TOLERANCE_SEC = 300;

/** Slack v0: `X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:<ts>:<body>">`, `X-Slack-Request-Timestamp` in seconds. */
export const slackScheme: SignatureScheme = {
  name: 'slack',
  headers: ['x-slack-signature', 'x-slack-request-timestamp'],
  verify(req) {
    const signature = header(req, 'x-slack-signature');
    const ts = header(req, 'x-slack-request-timestamp');
    if (!signature) return { ok: false, reason: 'X-Slack-Signature header is missing' };
    if (!signature.startsWith('v0=')) return { ok: false, reason: 'X-Slack-Signature must start with v0=' };
    if (!ts || !/^\d+$/.test(ts)) return { ok: false, reason: 'X-Slack-Request-Timestamp must be seconds since the epoch' };
    const stale = checkWindow(Number(ts), req.nowMs, SLACK_TOLERANCE_SEC);
    if (stale) return { ok: false, reason: `X-Slack-Request-Timestamp ${stale}` };
    const i = matchAny(req.secrets, [signature], (s) => `v0=${hmac(s, ['v0:', ts, ':', req.rawBody], 'hex')}`);
    return i >= 0 ? { ok: true, secretIndex: i } : { ok: false, reason: 'X-Slack-Signature does not match the body and signing secret' };
  },
  sign({ rawBody, secret, nowMs = Date.now() }) {
    const ts = String(Math.floor(nowMs / 1000));
    return { 'x-slack-signature': `v0=${hmac(secret, ['v0:', ts, ':', rawBody], 'hex')}`, 'x-slack-request-timestamp': ts };
  },
};
