import { z } from 'zod';
import type { VendorResponse, VendorVerdict } from '../core/http';

const projectKey = z.string().regex(/^[A-Z][A-Z0-9_]+$/, { error: 'must be a Jira project key like "PROJ"' });

export const jiraConfigSchema = z.object({
  /** The Jira Cloud site. */
  baseUrl: z.url({ error: 'must be your site URL, like "https://your-domain.atlassian.net"' }),
  /** Projects to read (JQL `project in (...)`); unset: every project the account can browse. */
  projects: z.array(projectKey).optional(),
  /** More JQL, ANDed with the projects (e.g. `issuetype != Epic`); no ORDER BY, the connector sets it. */
  jql: z.string().min(1).optional(),
  /** Where pushed tickets without a project_key / issue_type go. */
  defaultProject: projectKey.optional(),
  defaultIssueType: z.string().min(1).default('Task'),
  /** Issues per search page; Jira returns at most 100 when fields are requested. */
  pageSize: z.number().int().min(1).max(100).default(100),
  /** How far back a retried push looks for the issue an earlier attempt created. */
  pushLookbackMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(60),
  timeoutMs: z.number().int().positive().optional(),
  retryBaseDelayMs: z.number().int().min(0).optional(),
});
export type JiraConfig = z.infer<typeof jiraConfigSchema>;

/** The fields a sync asks for: exactly what the mapping reads. */
export const ISSUE_FIELDS = [
  'summary',
  'description',
  'status',
  'issuetype',
  'project',
  'priority',
  'assignee',
  'reporter',
  'labels',
  'duedate',
  'resolutiondate',
  'created',
  'updated',
];
/** The issue property a pushed issue carries its push key in (read back with the search's `properties`). */
export const PUSH_PROPERTY = 'fabric.push';

interface Named {
  name?: string;
  key?: string;
  id?: string;
  accountId?: string;
}
export interface JiraIssue {
  id: string;
  key: string;
  self?: string;
  fields: {
    summary?: string;
    description?: unknown;
    status?: Named & { statusCategory?: { key?: string } };
    issuetype?: Named;
    project?: Named;
    priority?: Named | null;
    assignee?: Named | null;
    reporter?: Named | null;
    labels?: string[];
    duedate?: string | null;
    resolutiondate?: string | null;
    created?: string;
    updated?: string;
    [field: string]: unknown;
  };
  properties?: Record<string, unknown>;
}

export interface JiraSearchPage {
  issues: JiraIssue[];
  nextPageToken?: string;
  isLast?: boolean;
}

/** Jira writes offsets without a colon ("2026-01-31T12:00:00.000+0000"); this is the ISO form, in UTC. */
export function jiraTime(value: string | null | undefined): string | null {
  if (!value) return null;
  const ms = Date.parse(value.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
export const jiraMs = (value: string | null | undefined): number => {
  const iso = jiraTime(value);
  return iso ? Date.parse(iso) : 0;
};

/** Jira's errors are `{ errorMessages: [...], errors: { field: message } }`; both go into the message. */
export function jiraVendorSignals(_response: VendorResponse, body: unknown): VendorVerdict | undefined {
  const b = (body ?? {}) as { errorMessages?: string[]; errors?: Record<string, string> };
  const parts = [...(b.errorMessages ?? []), ...Object.entries(b.errors ?? {}).map(([k, v]) => `${k}: ${v}`)];
  return parts.length ? { message: parts.join('; ') } : undefined;
}
