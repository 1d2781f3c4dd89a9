/**
 * The issues of the Jira fake (jira-fake.ts): their shape, the seeded and created issues' fields (statuses of every
 * category, assignees, labels, due and resolution dates) and Jira's date format.
 */
export type Node = Record<string, unknown>;
export interface FakeIssue {
  id: string;
  key: string;
  fields: Node & { updated: string; created: string };
  properties: Record<string, unknown>;
}
export const FIELD_SCHEMAS: Record<string, string> = {
  status: 'StatusDetails',
  issuetype: 'IssueTypeDetails',
  project: 'ProjectDetails',
  priority: 'Priority',
  assignee: 'UserDetails',
  reporter: 'UserDetails',
};
export const jiraDate = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000');
const CATEGORIES = [
  { id: 2, key: 'new', name: 'To Do', colorName: 'blue-gray' },
  { id: 4, key: 'indeterminate', name: 'In Progress', colorName: 'yellow' },
  { id: 3, key: 'done', name: 'Done', colorName: 'green' },
];
/** Milliseconds of a Jira date (+0000 offsets). */
export const ms = (s: string) => Date.parse(s.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
export const jiraUser = (n: number) => ({ accountId: `5b10a2844c20165700ede2${n}`, accountType: 'atlassian', active: true, displayName: `User ${n}` });
export const issueFields = (n: number, at: number, summary: string): FakeIssue['fields'] => ({
  summary,
  description: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: `Details of ${summary}` }] }] },
  status: { id: String(10_000 + (n % 3)), name: CATEGORIES[n % 3]!.name, statusCategory: CATEGORIES[n % 3] },
  issuetype: { id: '10001', name: 'Task', subtask: false },
  project: { id: '10000', key: 'PROJ', name: 'Project' },
  priority: { id: '3', name: 'Medium' },
  assignee: n % 2 ? jiraUser(n % 5) : null,
  reporter: jiraUser(1),
  labels: n % 4 === 0 ? ['backend'] : [],
  duedate: n % 5 === 0 ? '2027-01-31' : null,
  resolutiondate: n % 3 === 2 ? jiraDate(at) : null,
  created: jiraDate(at),
  updated: jiraDate(at),
});
