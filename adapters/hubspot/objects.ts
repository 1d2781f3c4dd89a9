import type { ModelName } from '../core/types';
import type { HubspotObject } from './api';
import { COMPANY_PROPERTIES, companyFromUnified, companyToUnified } from './companies';
import { CONTACT_PROPERTIES, contactFromUnified, contactToUnified } from './mapping';

/** One CRM v3 object type the connector syncs: its path, the property that orders changes, and its mapping. */
export interface CrmObjectType {
  model: ModelName;
  path: string;
  /** The last-modified property search filters and sorts on (contacts and companies name it differently). */
  modified: string;
  properties: readonly string[];
  /** The object type id of the new developer platform's `object.*` webhook events. */
  typeId: string;
  toUnified(o: HubspotObject): Record<string, unknown>;
  fromUnified(r: Record<string, unknown>): Record<string, unknown>;
}

export const CRM_OBJECTS: Partial<Record<ModelName, CrmObjectType>> = {
  customer: {
    model: 'customer',
    path: 'crm/v3/objects/contacts',
    modified: 'lastmodifieddate',
    properties: CONTACT_PROPERTIES,
    typeId: '0-1',
    toUnified: contactToUnified,
    fromUnified: contactFromUnified,
  },
  company: {
    model: 'company',
    path: 'crm/v3/objects/companies',
    modified: 'hs_lastmodifieddate',
    properties: COMPANY_PROPERTIES,
    typeId: '0-2',
    toUnified: companyToUnified,
    fromUnified: companyFromUnified,
  },
};
