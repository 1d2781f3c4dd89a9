import { compareKeys, jqlMinute } from '../../adapters/jira/search';
import { ms, type FakeIssue, type Node } from './jira-fake-issues';

/** The JQL the Jira connector sends, as the fake understands it; anything else is a 400, as Jira answers a query it cannot parse. */
export function jql(text: string, timeZone: string): { match: (i: FakeIssue) => boolean; order: (a: FakeIssue, b: FakeIssue) => number } | string {
  const [where = '', orderBy = ''] = text.split(/\s+ORDER BY\s+/i);
  const tests: Array<(i: FakeIssue) => boolean> = [];
  for (const raw of where
    .split(/\s+AND\s+/i)
    .map((c) => c.trim().replace(/^\((.*)\)$/, '$1'))
    .filter(Boolean)) {
    let m: RegExpExecArray | null;
    if ((m = /^project (?:in \((.+)\)|= (.+))$/.exec(raw))) {
      const keys = (m[1] ?? m[2]!).split(',').map((k) => k.trim().replace(/"/g, ''));
      tests.push((i) => keys.includes(String((i.fields.project as Node).key)));
    } else if ((m = /^updated >= "(\d{4}-\d\d-\d\d \d\d:\d\d)"$/.exec(raw))) {
      const minute = m[1]!;
      tests.push((i) => jqlMinute(ms(i.fields.updated), timeZone) >= minute);
    } else if ((m = /^created >= "-(\d+)m"$/.exec(raw))) {
      const from = Date.now() - Number(m[1]) * 60_000;
      tests.push((i) => ms(i.fields.created) >= from);
    } else return `Error in the JQL Query: unsupported clause '${raw}'`;
  }
  const order =
    orderBy.trim() === 'created DESC'
      ? (a: FakeIssue, b: FakeIssue) => ms(b.fields.created) - ms(a.fields.created) || compareKeys(b.key, a.key)
      : orderBy.trim() === 'updated ASC, key ASC'
        ? (a: FakeIssue, b: FakeIssue) => ms(a.fields.updated) - ms(b.fields.updated) || compareKeys(a.key, b.key)
        : undefined;
  if (!order) return `Error in the JQL Query: unsupported ORDER BY '${orderBy}'`;
  return { match: (i: FakeIssue) => tests.every((t) => t(i)), order };
}
