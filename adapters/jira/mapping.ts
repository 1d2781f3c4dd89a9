import { ValidationError } from '../core/errors';
import { jiraTime, type JiraConfig, type JiraIssue } from './api';

interface Adf {
  type?: string;
  text?: string;
  content?: Adf[];
}
const BLOCKS = new Set(['paragraph', 'heading', 'blockquote', 'codeBlock', 'listItem', 'rule']);

/** Plain text of an Atlassian Document Format tree: text nodes joined, one line per block. */
export function adfToText(doc: unknown): string | null {
  if (doc == null) return null;
  if (typeof doc === 'string') return doc;
  const lines: string[] = [];
  let line = '';
  const walk = (n: Adf) => {
    if (n.type === 'text' && n.text) line += n.text;
    if (n.type === 'hardBreak') line += '\n';
    for (const c of n.content ?? []) walk(c);
    if (n.type && BLOCKS.has(n.type)) {
      lines.push(line);
      line = '';
    }
  };
  walk(doc as Adf);
  if (line) lines.push(line);
  return lines.join('\n').trim() || null;
}

/** A plain text as an ADF document, one paragraph per line (REST v3 takes descriptions only as ADF). */
export function textToAdf(text: string): Record<string, unknown> {
  const paragraphs = text.split('\n').map((l) => (l ? { type: 'paragraph', content: [{ type: 'text', text: l }] } : { type: 'paragraph', content: [] }));
  return { type: 'doc', version: 1, content: paragraphs };
}

/** Jira's status categories (new, indeterminate, done) → the ticket model's todo / in_progress / done. */
const CATEGORY: Record<string, string> = { new: 'todo', indeterminate: 'in_progress', done: 'done' };

export function issueToUnified(i: JiraIssue, config: Pick<JiraConfig, 'baseUrl'>): Record<string, unknown> {
  const f = i.fields ?? {};
  return {
    source_system: 'jira',
    source_id: i.id,
    key: i.key,
    project_key: f.project?.key ?? null,
    title: f.summary ?? '',
    description: adfToText(f.description),
    issue_type: f.issuetype?.name ?? null,
    status: f.status?.name ?? '',
    status_category: CATEGORY[f.status?.statusCategory?.key ?? ''] ?? null,
    priority: f.priority?.name ?? null,
    assignee_id: f.assignee?.accountId ?? null,
    reporter_id: f.reporter?.accountId ?? null,
    labels: f.labels ?? [],
    due_date: f.duedate ?? null,
    resolved_at: jiraTime(f.resolutiondate),
    url: `${config.baseUrl.replace(/\/$/, '')}/browse/${i.key}`,
    created_at: jiraTime(f.created),
    updated_at: jiraTime(f.updated),
    raw_data: i,
  };
}

/**
 * The `fields` of a create or edit. Status is not a field in Jira (it moves through workflow transitions), so a
 * pushed status is not sent; project and issue type are needed to create and cannot change on an edit.
 */
export function issueFromUnified(
  r: Record<string, unknown>,
  config: Pick<JiraConfig, 'defaultProject' | 'defaultIssueType'>,
  forCreate: boolean,
): Record<string, unknown> {
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v : undefined);
  const fields: Record<string, unknown> = { summary: str(r.title) };
  if (typeof r.description === 'string') fields.description = textToAdf(r.description);
  if (Array.isArray(r.labels)) fields.labels = (r.labels as unknown[]).map((l) => String(l).replace(/\s+/g, '_'));
  if (str(r.priority)) fields.priority = { name: r.priority };
  if (str(r.assignee_id)) fields.assignee = { accountId: r.assignee_id };
  if (str(r.due_date)) fields.duedate = r.due_date;
  if (forCreate) {
    const project = str(r.project_key) ?? config.defaultProject;
    if (!project) throw new ValidationError("project_key: a ticket created in Jira needs a project; set project_key or the config's defaultProject");
    fields.project = { key: project };
    fields.issuetype = { name: str(r.issue_type) ?? config.defaultIssueType };
  }
  return { fields };
}
