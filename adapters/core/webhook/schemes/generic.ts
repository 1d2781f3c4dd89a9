import { header, hmac, matchAny, type SignatureScheme } from '../signing';

/** A generic scheme: `X-Signature: <hex HMAC-SHA256 of the body>` (a `sha256=` prefix is accepted too). */
export const genericScheme: SignatureScheme = {
  name: 'generic',
  headers: ['x-signature'],
  verify(req) {
    const raw = header(req, 'x-signature');
    if (!raw) return { ok: false, reason: 'X-Signature header is missing' };
    const signature = raw.startsWith('sha256=') ? raw.slice(7) : raw;
    const i = matchAny(req.secrets, [signature], (s) => hmac(s, [req.rawBody], 'hex'));
    return i >= 0 ? { ok: true, secretIndex: i } : { ok: false, reason: 'X-Signature does not match the body and secret' };
  },
  sign({ rawBody, secret }) {
    return { 'x-signature': hmac(secret, [rawBody], 'hex') };
  },
};
