/**
 * UnifiedCustomer and its earlier versions (semantic versions: docs/DECISIONS.md):
 * - 1.0.0: email, name, company, addresses, tags, custom_fields.
 * - 1.1.0 (minor): adds optional phone.
 * - 2.0.0 (major): renames name to full_name.
 */
import { z } from 'zod';
import { baseFields, requiredText } from '../base';
import { UnifiedAddress } from './address';

const common = {
  ...baseFields,
  email: z.email({ error: 'must be a valid email address like "ada@example.com"' }),
  company: z.string().nullish(),
  billing_address: UnifiedAddress.nullish(),
  shipping_address: UnifiedAddress.nullish(),
  tags: z.array(z.string({ error: 'each tag must be a string' })).default([]),
  custom_fields: z.record(z.string(), z.unknown()).default({}),
};
const phone = z.string().trim().min(1, { error: 'must not be empty — omit phone or set it to null' }).nullish();

export const UnifiedCustomerV1_0_0 = z
  .object({ ...common, name: requiredText('the customer name') })
  .loose()
  .meta({ title: 'UnifiedCustomer 1.0.0' });

export const UnifiedCustomerV1_1_0 = z
  .object({ ...common, name: requiredText('the customer name'), phone })
  .loose()
  .meta({ title: 'UnifiedCustomer 1.1.0' });

export const UnifiedCustomer = z
  .object({
    ...common,
    full_name: requiredText('the customer name (since customer 2.0.0 full_name replaces name — upgrade old records with upgradeRecord)'),
    phone,
  })
  .loose()
  .meta({ title: 'UnifiedCustomer', description: 'Canonical customer (Stripe Customer, HubSpot Contact, Salesforce Account)' });
export type UnifiedCustomer = z.infer<typeof UnifiedCustomer>;

type Data = Record<string, unknown>;

/** 1.0.0 → 1.1.0: phone is new and optional, so every 1.0.0 record is already a valid 1.1.0 record. */
export const upgradeCustomer1_0_0 = (data: Data): Data => ({ ...data });
/** 1.1.0 → 1.0.0: drops phone, which 1.0.0 did not have. */
export const downgradeCustomer1_1_0 = ({ phone: _phone, ...rest }: Data): Data => rest;

/** 1.1.0 → 2.0.0: name becomes full_name; every other key (extras included) is kept as is. */
export function upgradeCustomer1_1_0({ name, ...rest }: Data): Data {
  return name === undefined ? rest : { ...rest, full_name: name };
}
/** 2.0.0 → 1.1.0: full_name back to name. */
export function downgradeCustomer2_0_0({ full_name, ...rest }: Data): Data {
  return full_name === undefined ? rest : { ...rest, name: full_name };
}
