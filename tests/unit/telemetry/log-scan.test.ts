import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeLeaks, scanLogs } from '../../helpers/log-scan';

describe('the run-wide log scan finds what the redaction missed', () => {
  it('reports a known secret, a secret shape and an email, with file and line, and passes clean logs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'log-scan-'));
    writeFileSync(join(dir, '1.ndjson'), '{"msg":"clean [redacted] [email]"}\n{"msg":"ok"}\n');
    expect(scanLogs(dir, ['the-known-secret'])).toEqual({ leaks: [], files: 1, lines: 2 });
    writeFileSync(join(dir, '2.ndjson'), '{"msg":"ok"}\n{"msg":"x the-known-secret y"}\n{"m":"sk_test_123 to ann@shop.example"}\n');
    const { leaks } = scanLogs(dir, ['the-known-secret']);
    expect(leaks.map((l) => [l.file, l.line, l.what])).toEqual([
      ['2.ndjson', 2, 'a secret the tests stored'],
      ['2.ndjson', 3, 'a Stripe secret key'],
      ['2.ndjson', 3, 'an email address'],
    ]);
    const report = describeLeaks(leaks, dir);
    expect(report).toMatch(/^3 log line\(s\) carry a secret or an email address/);
    expect(report).not.toContain('the-known-secret'); // the report masks what it found
  });
});
