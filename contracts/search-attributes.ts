import { defineSearchAttributeKey } from '@temporalio/common';

/** Search attributes every workflow sets, so the Web UI and `temporal workflow list --query` can filter by them. */
export const SA = {
  connector: defineSearchAttributeKey('Connector', 'KEYWORD'),
  configId: defineSearchAttributeKey('ConfigId', 'KEYWORD'),
  action: defineSearchAttributeKey('Action', 'KEYWORD'),
  userId: defineSearchAttributeKey('UserId', 'KEYWORD'),
  recordsProcessed: defineSearchAttributeKey('RecordsProcessed', 'INT'),
} as const;

export const SEARCH_ATTRIBUTE_TYPES = {
  Connector: 'Keyword',
  ConfigId: 'Keyword',
  Action: 'Keyword',
  UserId: 'Keyword',
  RecordsProcessed: 'Int',
} as const;
