import { header, hmac, matchAny, type SignatureScheme } from '../signing';

/** GitHub style: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>`. The scheme carries no timestamp. */
export const githubScheme: SignatureScheme = {
  name: 'github',
  headers: ['x-hub-signature-256'],
  verify(req) {
    const signature = header(req, 'x-hub-signature-256');
    if (!signature) return { ok: false, reason: 'X-Hub-Signature-256 header is missing' };
    if (!signature.startsWith('sha256=')) return { ok: false, reason: 'X-Hub-Signature-256 must start with sha256=' };
    const i = matchAny(req.secrets, [signature], (s) => `sha256=${hmac(s, [req.rawBody], 'hex')}`);
    return i >= 0 ? { ok: true, secretIndex: i } : { ok: false, reason: 'X-Hub-Signature-256 does not match the body and secret' };
  },
  sign({ rawBody, secret }) {
    return { 'x-hub-signature-256': `sha256=${hmac(secret, [rawBody], 'hex')}` };
  },
};
