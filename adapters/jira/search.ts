import { decodeCursor, encodeCursor } from '../core/cursor';
import { ValidationError } from '../core/errors';
import type { HttpClient } from '../core/http';
import type { ListPage } from '../core/types';
import { ISSUE_FIELDS, jiraMs, jiraTime, type JiraConfig, type JiraIssue, type JiraSearchPage } from './api';

/**
 * tz: the account's time zone (JQL dates are read in it); lu/lk: updated (ms) and key of the last issue read, the
 * position every page resumes after; am: the anchor minute of the query the token belongs to; tok: its nextPageToken.
 */
type State = { tz: string; lu: number | null; lk: string | null; am: string | null; tok?: string };

/** Jira orders keys by project, then number: PROJ-9 before PROJ-10. */
export function compareKeys(a: string, b: string): number {
  const [pa = '', na = '0'] = a.split(/-(?=\d+$)/);
  const [pb = '', nb = '0'] = b.split(/-(?=\d+$)/);
  return pa < pb ? -1 : pa > pb ? 1 : Number(na) - Number(nb);
}
const after = (i: JiraIssue, lu: number | null, lk: string | null): boolean => {
  if (lu === null) return true;
  const u = jiraMs(i.fields.updated);
  return u > lu || (u === lu && lk !== null && compareKeys(i.key, lk) > 0);
};

/** A JQL date ("yyyy-MM-dd HH:mm"), read by Jira in the searching account's time zone; minutes are its finest unit. */
export function jqlMinute(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const p = (t: string) => parts.find((x) => x.type === t)!.value;
  return `${p('year')}-${p('month')}-${p('day')} ${p('hour')}:${p('minute')}`;
}

/** The watermark a listing hands back: the last issue's updated time and key ("<iso>#<key>"). */
export function parseWatermark(since: string): { lu: number; lk: string | null } {
  const [iso = '', key] = since.split('#');
  const lu = Date.parse(iso);
  if (Number.isNaN(lu)) throw new ValidationError(`since: "${since}" is not a Jira watermark; pass "<ISO time>#<issue key>" or an ISO time`);
  return { lu, lk: key ?? null };
}

/**
 * `/rest/api/3/search/jql` ordered by `updated ASC, key ASC`. Every position is the last (updated, key) read, and a
 * query is anchored at that minute (`updated >= "<minute>"`): issues of the anchor minute already read are skipped by
 * their (updated, key), so issues sharing a timestamp are neither skipped nor read twice. When a page ends in a later
 * minute the next query re-anchors there (a fresh query sees issues changed meanwhile at the end); when it ends in the
 * same minute (more issues share it than a page holds), the nextPageToken goes on inside it. A token Jira no longer
 * accepts (expired while a sync waited) is dropped for a re-anchored query from the same position.
 */
export class JiraSearch {
  constructor(
    private readonly http: HttpClient,
    private readonly config: JiraConfig,
  ) {}

  async page(cursor: string | null | undefined, since: string | null | undefined, signal?: AbortSignal): Promise<ListPage> {
    const st = cursor ? decodeCursor<State>(cursor, 'jira') : await this.start(since, signal);
    const anchor = st.lu === null ? null : jqlMinute(st.lu, st.tz);
    const body = await this.search(anchor, st.am === anchor ? st.tok : undefined, signal);
    const items = body.issues
      .filter((i) => after(i, st.lu, st.lk))
      .map((i) => ({
        sourceId: i.id,
        raw: i,
        sourceUpdatedAt: jiraTime(i.fields.updated) ?? undefined,
        sourceVersion: jiraMs(i.fields.updated) || undefined,
      }));
    const last = body.issues.at(-1);
    if (last && after(last, st.lu, st.lk)) Object.assign(st, { lu: jiraMs(last.fields.updated), lk: last.key });
    const more = Boolean(body.nextPageToken) && body.isLast !== true;
    if (!more) {
      const highWatermark = st.lu === null ? (since ?? null) : `${new Date(st.lu).toISOString()}#${st.lk ?? ''}`;
      return { items, nextCursor: null, highWatermark };
    }
    const next = st.lu === null ? null : jqlMinute(st.lu, st.tz);
    const stay = next === anchor; // the page did not leave the anchor minute: only the token goes on
    const state: State = { ...st, am: anchor, tok: stay ? body.nextPageToken : undefined };
    return { items, nextCursor: encodeCursor(state), highWatermark: null };
  }

  private async start(since: string | null | undefined, signal?: AbortSignal): Promise<State> {
    const { body } = await this.http.request<{ timeZone?: string }>('GET', 'rest/api/3/myself', { signal });
    const position = since ? parseWatermark(since) : { lu: null, lk: null };
    return { tz: body.timeZone || 'UTC', ...position, am: null };
  }

  private jql(anchor: string | null): string {
    const clauses = [
      this.config.projects?.length ? `project in (${this.config.projects.map((p) => `"${p}"`).join(', ')})` : undefined,
      this.config.jql ? `(${this.config.jql})` : undefined,
      anchor ? `updated >= "${anchor}"` : undefined,
    ].filter(Boolean);
    return `${clauses.join(' AND ')} ORDER BY updated ASC, key ASC`.trim();
  }

  private async search(anchor: string | null, token: string | undefined, signal?: AbortSignal): Promise<JiraSearchPage> {
    const searchParams: Record<string, string> = { jql: this.jql(anchor), maxResults: String(this.config.pageSize), fields: ISSUE_FIELDS.join(',') };
    if (token) searchParams.nextPageToken = token;
    try {
      return (await this.http.request<JiraSearchPage>('GET', 'rest/api/3/search/jql', { searchParams, signal })).body;
    } catch (err) {
      if (!token || !(err instanceof ValidationError) || err.status !== 400) throw err;
      return this.search(anchor, undefined, signal);
    }
  }
}
