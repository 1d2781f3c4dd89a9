import { checkWindow, header, hmac, matchAny, type SignatureScheme } from '../core/webhook/signing';

export const HUBSPOT_TOLERANCE_SEC = 300;

/**
 * HubSpot v3: `X-HubSpot-Signature-v3` = base64 HMAC-SHA256(clientSecret, method + uri + body + timestamp), with
 * `X-HubSpot-Request-Timestamp` in milliseconds, rejected when older than 5 minutes.
 */
export const hubspotScheme: SignatureScheme = {
  name: 'hubspot',
  headers: ['x-hubspot-signature-v3', 'x-hubspot-request-timestamp'],
  verify(req) {
    const signature = header(req, 'x-hubspot-signature-v3');
    const ts = header(req, 'x-hubspot-request-timestamp');
    if (!signature) return { ok: false, reason: 'X-HubSpot-Signature-v3 header is missing' };
    if (!ts || !/^\d+$/.test(ts)) return { ok: false, reason: 'X-HubSpot-Request-Timestamp must be milliseconds since the epoch' };
    const stale = checkWindow(Number(ts) / 1000, req.nowMs, HUBSPOT_TOLERANCE_SEC);
    if (stale) return { ok: false, reason: `X-HubSpot-Request-Timestamp ${stale}` };
    const i = matchAny(req.secrets, [signature], (s) => hmac(s, [req.method, req.url, req.rawBody, ts], 'base64'));
    return i >= 0 ? { ok: true, secretIndex: i } : { ok: false, reason: 'X-HubSpot-Signature-v3 does not match the body, URL and app secret' };
  },
  sign({ rawBody, secret, method = 'POST', url = '', nowMs = Date.now() }) {
    const ts = String(nowMs);
    return {
      'x-hubspot-signature-v3': hmac(secret, [method, url, rawBody, ts], 'base64'),
      'x-hubspot-request-timestamp': ts,
    };
  },
};
