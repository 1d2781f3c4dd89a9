import { checkWindow, header, hmac, matchAny, type SignatureScheme } from '../core/webhook/signing';

export const STRIPE_TOLERANCE_SEC = 300;

/** `Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>…]`; v1 is HMAC-SHA256 of `${t}.${rawBody}`. Several v1 are allowed. */
export const stripeScheme: SignatureScheme = {
  name: 'stripe',
  headers: ['stripe-signature'],
  verify(req) {
    const value = header(req, 'stripe-signature');
    if (!value) return { ok: false, reason: 'Stripe-Signature header is missing' };
    let t: string | undefined;
    const v1: string[] = [];
    for (const part of value.split(',')) {
      const eq = part.indexOf('=');
      const key = part.slice(0, eq).trim();
      const val = part.slice(eq + 1).trim();
      if (key === 't') t = val;
      else if (key === 'v1') v1.push(val);
    }
    if (!t || !/^\d+$/.test(t)) return { ok: false, reason: 'Stripe-Signature has no t=<unix seconds> element' };
    if (v1.length === 0) return { ok: false, reason: 'Stripe-Signature has no v1 signature' };
    const stale = checkWindow(Number(t), req.nowMs, STRIPE_TOLERANCE_SEC);
    if (stale) return { ok: false, reason: `Stripe-Signature ${stale}` };
    const i = matchAny(req.secrets, v1, (s) => hmac(s, [t!, '.', req.rawBody], 'hex'));
    return i >= 0 ? { ok: true, secretIndex: i } : { ok: false, reason: 'Stripe-Signature matches no v1 signature for this endpoint secret' };
  },
  sign({ rawBody, secret, nowMs = Date.now() }) {
    const t = String(Math.floor(nowMs / 1000));
    return { 'stripe-signature': `t=${t},v1=${hmac(secret, [t, '.', rawBody], 'hex')}` };
  },
};
