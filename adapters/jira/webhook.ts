import { createHash } from 'node:crypto';
import { isObj, text } from '../core/webhook/generic';
import type { EventOutcome, Extracted, StoredEvent, WebhookModule } from '../core/webhook/types';
import { jiraMs, jiraTime, type JiraIssue } from './api';
import { jiraScheme } from './signature';

type Headers = Record<string, string | string[] | undefined>;
interface Delivery {
  webhookEvent?: string;
  timestamp?: number;
  issue?: JiraIssue;
}

const one = (h: Headers, name: string) => (Array.isArray(h[name]) ? h[name][0] : h[name]) as string | undefined;
const ISSUE_EVENTS = new Set(['jira:issue_created', 'jira:issue_updated', 'jira:issue_deleted']);

/**
 * One event per delivery. Jira's body has no event id; its `X-Atlassian-Webhook-Identifier` header is one per
 * delivery and is kept across retries (`X-Atlassian-Webhook-Retry`), so it is the dedup key. Without it (older
 * senders) the id is a hash of the event type, issue id and timestamp, which a redelivery repeats too.
 */
export function extractJiraEvent(body: unknown, headers: Headers): Extracted {
  if (!isObj(body)) return { ok: false, message: 'body must be a JSON object (a Jira webhook delivery)' };
  const b = body as Delivery;
  if (!text(b.webhookEvent)) return { ok: false, message: 'webhookEvent is missing; Jira names the event (e.g. jira:issue_updated)' };
  const id =
    one(headers, 'x-atlassian-webhook-identifier') ??
    (typeof b.timestamp === 'number' ? `${b.webhookEvent}:${text(b.issue?.id) ?? '-'}:${b.timestamp}` : undefined);
  if (!id) return { ok: false, message: 'timestamp is missing and there is no X-Atlassian-Webhook-Identifier header; an event cannot be deduplicated' };
  const eventId = id.length > 200 ? createHash('sha256').update(id).digest('hex') : id;
  return { ok: true, events: [{ eventId, eventType: b.webhookEvent!, payload: body }] };
}

/**
 * issue_created / issue_updated carry the whole issue: it is upserted through the sync's mapping, ordered by its
 * `updated` time (the version a sync stores, so an older delivery never overwrites a newer state); issue_deleted
 * tombstones it, ordered by the event's timestamp.
 */
export function interpretJiraEvent(event: StoredEvent): EventOutcome {
  const p = event.payload as Delivery;
  const type = text(p?.webhookEvent) ?? 'unknown';
  if (!ISSUE_EVENTS.has(type)) return { status: 'ignored', reason: `no record change for ${type}; this connector syncs issues` };
  const issue = p.issue;
  const id = text(issue?.id);
  if (!issue || !id) return { status: 'failed', reason: 'issue.id: missing; an issue event carries the issue' };
  if (type === 'jira:issue_deleted') {
    const ms = typeof p.timestamp === 'number' ? p.timestamp : Date.now();
    return { status: 'apply', changes: [{ op: 'delete', model: 'ticket', sourceId: id, at: new Date(ms).toISOString(), version: ms }] };
  }
  const at = jiraTime(issue.fields?.updated);
  if (!at) return { status: 'failed', reason: 'issue.fields.updated: missing; the issue needs its last-updated time to be ordered' };
  return { status: 'apply', changes: [{ op: 'upsert', model: 'ticket', sourceId: id, at, version: jiraMs(issue.fields.updated), object: issue }] };
}

export const jiraWebhook: WebhookModule = {
  scheme: jiraScheme,
  objects: 'full',
  extract: extractJiraEvent,
  interpret: interpretJiraEvent,
};
