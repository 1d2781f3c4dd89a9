import { escapeHtml, html, json, statusBadge } from '../../../console/html';
import { classify, isPostgresDown, isTemporalDown, soft } from '../../../console/outage';

describe('console html templates', () => {
  it('escapes every interpolated value, in text and in attributes', () => {
    const evil = `<img src=x onerror="alert(1)">'\`&`;
    const out = html`<p title="${evil}">${evil}</p>`.text;
    expect(out).toBe(
      '<p title="&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#39;&#96;&amp;">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#39;&#96;&amp;</p>',
    );
    expect(escapeHtml('</script><script>')).not.toContain('<');
  });

  it('nests templates without escaping them twice, and drops null, undefined and false', () => {
    const inner = html`<b>${'a<b'}</b>`;
    expect(html`<div>${inner}${[inner, 'x&y']}${null}${undefined}${false}${0}</div>`.text).toBe('<div><b>a&lt;b</b><b>a&lt;b</b>x&amp;y0</div>');
  });

  it('shows JSON as escaped text and keeps badge classes to safe characters', () => {
    expect(json({ name: '<script>x</script>' }).text).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(statusBadge('fa"iled <x>').text).toBe('<span class="badge badge-failedx">fa&quot;iled &lt;x&gt;</span>');
  });
});

describe('console outage classification', () => {
  it('recognises a lost Postgres by its network codes, SQLSTATE classes and pg messages', () => {
    expect(isPostgresDown(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isPostgresDown(Object.assign(new Error('terminating connection'), { code: '57P01' }))).toBe(true);
    expect(isPostgresDown(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isPostgresDown(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]))).toBe(true);
    expect(isPostgresDown(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
  });

  it('recognises a lost Temporal by gRPC UNAVAILABLE or DEADLINE_EXCEEDED, also as a cause', () => {
    expect(isTemporalDown(Object.assign(new Error('14 UNAVAILABLE: connection refused'), { code: 14 }))).toBe(true);
    expect(isTemporalDown(new Error('outer', { cause: Object.assign(new Error('deadline'), { code: 4 }) }))).toBe(true);
    expect(isTemporalDown(new Error('workflow not found'))).toBe(false);
    expect(classify(new Error('a bug'))).toBeUndefined();
    expect(classify(Object.assign(new Error('x'), { code: 'ECONNRESET' }))?.dependency).toBe('postgres');
  });

  it('soft() turns an outage into { down } and rethrows anything else', async () => {
    await expect(soft(async () => 1)).resolves.toEqual({ ok: true, value: 1 });
    await expect(soft(async () => Promise.reject(Object.assign(new Error('x'), { code: 14 })))).resolves.toEqual({ ok: false, down: 'temporal' });
    await expect(soft(async () => Promise.reject(new Error('a bug')))).rejects.toThrow('a bug');
  });
});
