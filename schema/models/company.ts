import { z } from 'zod';
import { baseFields, requiredText } from '../base';
import { UnifiedAddress } from './address';

/**
 * Canonical organisation (HubSpot Company; Salesforce Account, Pipedrive Organization and Zendesk Organization fit
 * the same shape). Its own model rather than the customer's `company` string: a company has no email (the customer
 * model requires one), carries its own fields (domain, industry, size) and is what contacts belong to.
 */
export const UnifiedCompany = z
  .object({
    ...baseFields,
    name: requiredText('the company name'),
    domain: z.string().nullish().meta({ description: 'Primary web domain, e.g. "example.com"' }),
    website: z.string().nullish(),
    phone: z.string().nullish(),
    industry: z.string().nullish(),
    description: z.string().nullish(),
    employee_count: z.number({ error: 'must be a whole number of employees' }).int().nonnegative().nullish(),
    annual_revenue: z
      .string()
      .regex(/^-?\d+(\.\d+)?$/, { error: 'must be a decimal string like "1250000.50"' })
      .nullish()
      .meta({ description: 'As the source states it, in its account currency' }),
    address: UnifiedAddress.nullish(),
    tags: z.array(z.string()).default([]),
    custom_fields: z.record(z.string(), z.unknown()).default({}),
  })
  .loose()
  .meta({ title: 'UnifiedCompany', description: 'Canonical organisation (HubSpot Company)' });
export type UnifiedCompany = z.infer<typeof UnifiedCompany>;
