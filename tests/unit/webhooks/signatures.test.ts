import Stripe from 'stripe';
import { Signature } from '@hubspot/api-client';
import { verifyRequestSignature } from '@slack/events-api';
import { getWebhookModule } from '../../../adapters/core/catalogue';
import { genericScheme, githubScheme, slackScheme, type SignedRequest } from '../../../adapters/core/webhook';
import { hubspotScheme } from '../../../adapters/hubspot/signature';
import { stripeScheme } from '../../../adapters/stripe/signature';

// The package exports only an `import` condition; jest (CommonJS) loads its file by path and compiles it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const octokit = require('../../../node_modules/@octokit/webhooks-methods/dist-node/index.js') as typeof import('@octokit/webhooks-methods');
const { sign: octokitSign, verify: octokitVerify } = octokit;

const SECRET = 'whsec_test_current_0123456789';
const OLD_SECRET = 'whsec_test_previous_9876543210';
const body = JSON.stringify({ id: 'evt_1', type: 'customer.updated', data: { object: { id: 'cus_1', name: 'Ada' } } });
const stripe = new Stripe('sk_test_123');

function req(headers: Record<string, string>, o: Partial<SignedRequest> = {}): SignedRequest {
  return {
    rawBody: Buffer.from(body),
    headers,
    method: 'POST',
    url: 'https://hooks.example.com/webhooks/hubspot/contacts',
    secrets: [SECRET],
    nowMs: Date.now(),
    ...o,
  };
}

describe('Stripe scheme against the stripe library', () => {
  it('accepts generateTestHeaderString signatures, and stripe.constructEvent accepts ours', () => {
    const headerStr = stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET });
    expect(stripeScheme.verify(req({ 'stripe-signature': headerStr }))).toEqual({ ok: true, secretIndex: 0 });
    const ours = stripeScheme.sign({ rawBody: body, secret: SECRET })['stripe-signature']!;
    expect(stripe.webhooks.constructEvent(body, ours, SECRET).id).toBe('evt_1');
  });
  it('accepts any of several v1 values and the previous secret during rotation', () => {
    const t = Math.floor(Date.now() / 1000);
    const withOld = stripe.webhooks.generateTestHeaderString({ payload: body, secret: OLD_SECRET, timestamp: t });
    const withNew = stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET, timestamp: t });
    const both = `${withOld},v1=${withNew.split('v1=')[1]}`;
    expect(stripeScheme.verify(req({ 'stripe-signature': both })).ok).toBe(true);
    expect(stripeScheme.verify(req({ 'stripe-signature': withOld }, { secrets: [SECRET, OLD_SECRET] }))).toEqual({ ok: true, secretIndex: 1 });
    expect(stripeScheme.verify(req({ 'stripe-signature': withOld })).ok).toBe(false);
  });
  it('rejects a tampered body, a wrong secret, a stale timestamp and a missing header', () => {
    const h = stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET });
    expect(stripeScheme.verify(req({ 'stripe-signature': h }, { rawBody: Buffer.from(body.replace('Ada', 'Eve')) })).ok).toBe(false);
    expect(stripeScheme.verify(req({ 'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload: body, secret: 'whsec_wrong' }) })).ok).toBe(false);
    const stale = stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET, timestamp: Math.floor(Date.now() / 1000) - 301 });
    const r = stripeScheme.verify(req({ 'stripe-signature': stale }));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/tolerance/);
    expect(() => stripe.webhooks.constructEvent(body, stale, SECRET)).toThrow(); // the oracle agrees
    expect(stripeScheme.verify(req({})).ok).toBe(false);
    expect(stripeScheme.verify(req({ 'stripe-signature': 't=abc,v1=00' })).ok).toBe(false);
  });
});

describe('HubSpot v3 scheme against @hubspot/api-client Signature', () => {
  const url = 'https://hooks.example.com/webhooks/hubspot/contacts?x=1';
  it('agrees with Signature.isValid both ways', () => {
    const timestamp = Date.now();
    const signature = Signature.getSignature('POST', 'v3', { signature: '', clientSecret: SECRET, requestBody: body, url, timestamp });
    expect(hubspotScheme.verify(req({ 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': String(timestamp) }, { url })).ok).toBe(true);
    const ours = hubspotScheme.sign({ rawBody: body, secret: SECRET, url, nowMs: timestamp });
    expect(
      Signature.isValid({
        signatureVersion: 'v3',
        signature: ours['x-hubspot-signature-v3']!,
        clientSecret: SECRET,
        requestBody: body,
        url,
        method: 'POST',
        timestamp,
      }),
    ).toBe(true);
  });
  it('rejects a tampered body, another URL, a wrong secret and a timestamp older than 5 minutes', () => {
    const timestamp = Date.now();
    const h = {
      'x-hubspot-signature-v3': Signature.getSignature('POST', 'v3', { signature: '', clientSecret: SECRET, requestBody: body, url, timestamp }),
      'x-hubspot-request-timestamp': String(timestamp),
    };
    expect(hubspotScheme.verify(req(h, { url, rawBody: Buffer.from(`${body} `) })).ok).toBe(false);
    expect(hubspotScheme.verify(req(h, { url: `${url}&y=2` })).ok).toBe(false);
    expect(hubspotScheme.verify(req(h, { url, secrets: ['other'] })).ok).toBe(false);
    const old = timestamp - 301_000;
    const staleSig = Signature.getSignature('POST', 'v3', { signature: '', clientSecret: SECRET, requestBody: body, url, timestamp: old });
    expect(hubspotScheme.verify(req({ 'x-hubspot-signature-v3': staleSig, 'x-hubspot-request-timestamp': String(old) }, { url })).ok).toBe(false);
    expect(() => Signature.isValid({ signatureVersion: 'v3', signature: staleSig, clientSecret: SECRET, requestBody: body, url, timestamp: old })).toThrow();
    expect(hubspotScheme.verify(req({ 'x-hubspot-signature-v3': 'x' }, { url })).ok).toBe(false);
  });
});

describe('Slack v0 scheme against @slack/events-api verifyRequestSignature', () => {
  it('agrees with the verifier both ways and rejects tampering, wrong secrets and stale timestamps', () => {
    const h = slackScheme.sign({ rawBody: body, secret: SECRET });
    const ts = Number(h['x-slack-request-timestamp']);
    expect(verifyRequestSignature({ signingSecret: SECRET, requestSignature: h['x-slack-signature']!, requestTimestamp: ts, body })).toBe(true);
    expect(slackScheme.verify(req(h)).ok).toBe(true);
    expect(slackScheme.verify(req(h, { secrets: ['nope'] })).ok).toBe(false);
    expect(slackScheme.verify(req(h, { rawBody: Buffer.from('{}') })).ok).toBe(false);
    const stale = slackScheme.sign({ rawBody: body, secret: SECRET, nowMs: Date.now() - 301_000 });
    expect(slackScheme.verify(req(stale)).ok).toBe(false);
    expect(() =>
      verifyRequestSignature({
        signingSecret: SECRET,
        requestSignature: stale['x-slack-signature']!,
        requestTimestamp: Number(stale['x-slack-request-timestamp']),
        body,
      }),
    ).toThrow(/outdated/);
    expect(slackScheme.verify(req({ 'x-slack-signature': 'v1=00', 'x-slack-request-timestamp': String(ts) })).ok).toBe(false);
  });
});

describe('GitHub X-Hub-Signature-256 against @octokit/webhooks-methods', () => {
  it('accepts octokit sign() and octokit verify() accepts ours; rejects tampering and wrong secrets', async () => {
    const signature = await octokitSign(SECRET, body);
    expect(githubScheme.verify(req({ 'x-hub-signature-256': signature })).ok).toBe(true);
    expect(await octokitVerify(SECRET, body, githubScheme.sign({ rawBody: body, secret: SECRET })['x-hub-signature-256']!)).toBe(true);
    expect(githubScheme.verify(req({ 'x-hub-signature-256': signature }, { rawBody: Buffer.from(body.slice(1)) })).ok).toBe(false);
    expect(githubScheme.verify(req({ 'x-hub-signature-256': await octokitSign('wrong', body) })).ok).toBe(false);
    expect(githubScheme.verify(req({ 'x-hub-signature-256': signature.replace('sha256=', 'sha1=') })).ok).toBe(false);
  });
});

describe('the generic X-Signature scheme', () => {
  it('accepts hex HMAC of the body with or without sha256= and rejects others', async () => {
    const hex = (await octokitSign(SECRET, body)).slice(7); // the same HMAC, made by an independent implementation
    expect(genericScheme.verify(req({ 'x-signature': hex })).ok).toBe(true);
    expect(genericScheme.verify(req({ 'x-signature': `sha256=${hex}` })).ok).toBe(true);
    expect(genericScheme.verify(req({ 'x-signature': hex }, { secrets: ['a', 'b'] })).ok).toBe(false);
    expect(genericScheme.verify(req({})).ok).toBe(false);
    expect(getWebhookModule('mock')?.scheme).toBe(genericScheme); // each connector declares its scheme
    expect(getWebhookModule('stripe')?.scheme).toBe(stripeScheme);
    expect(getWebhookModule('hubspot')?.scheme).toBe(hubspotScheme);
    expect(getWebhookModule('nope')).toBeUndefined();
  });
});
