import { generate } from '../../../adapters/mock/generate';
import { CredentialManager, generateKey, parseKey } from '../../../store/credentials';
import { forgetSecrets, redactLogText, rememberSecretSettings, rememberSecrets } from '../../../telemetry/log-redact';

describe('log redaction: secrets and emails never leave in a log line', () => {
  afterEach(() => forgetSecrets());

  it('replaces every credential value the process encrypted or decrypted, in any field and escaped in JSON', () => {
    const cm = new CredentialManager(parseKey(generateKey('t')));
    const plain = 'opaque-credential-9f8e7d';
    const quoted = 'pa"ss\\word-with-quotes';
    cm.decrypt(cm.encrypt(plain, 'ctx'), 'ctx');
    cm.encrypt(quoted);
    const line = JSON.stringify({ msg: `calling with ${plain}`, deep: { x: [plain] }, q: quoted });
    const out = redactLogText(line);
    expect(out).not.toContain(plain);
    expect(out).not.toContain(JSON.stringify(quoted).slice(1, -1));
    expect(JSON.parse(out)).toEqual({ msg: 'calling with [redacted]', deep: { x: ['[redacted]'] }, q: '[redacted]' });
  });

  it('knows secrets by their shape and by the key that holds them, without having seen them', () => {
    const cases: Array<[string, string]> = [
      ['key sk_test_51Hx9aBc and rk_live_zz9', 'key [redacted] and [redacted]'],
      ['whsec_abc123DEF/+= signed', '[redacted] signed'],
      ['Authorization: Bearer abc.def-123456', 'Authorization: Bearer [redacted]'],
      ['token pat-na1-11112222-3333-4444', 'token [redacted]'],
      ['postgres://svc:p%40ss@db:5432/x', 'postgres://svc:[redacted]@db:5432/x'],
      [`key ${generateKey('kid')}`, 'key [redacted]'],
      ['jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.sig', 'jwt [redacted]'],
    ];
    for (const [input, want] of cases) expect(redactLogText(input)).toBe(want);
    expect(JSON.parse(redactLogText(JSON.stringify({ a: { password: 'x1', api_key: 'y2', client_secret: 'z3', fine: 'ok' } })))).toEqual({
      a: { password: '[redacted]', api_key: '[redacted]', client_secret: '[redacted]', fine: 'ok' },
    });
  });

  it('replaces email addresses, including every one the fake APIs generate', () => {
    expect(redactLogText('sent to Jane.Doe+vip@mail.example.co.uk today')).toBe('sent to [email] today');
    expect(redactLogText("to josé.o'brien@müller.example.de.")).toBe('to [email].');
    const emails = Array.from({ length: 50 }, (_, i) => String(generate('customers', 7, i).email));
    expect(new Set(emails).size).toBe(50);
    for (const e of emails) expect(redactLogText(`{"email":"${e}"}`)).toBe('{"email":"[email]"}');
    expect(redactLogText('postgres://postgres@127.0.0.1:5432/db worker 123@host')).toBe('postgres://postgres@127.0.0.1:5432/db worker 123@host');
  });

  it('remembers secrets from the settings that hold them', () => {
    rememberSecretSettings({ ANTHROPIC_API_KEY: 'anthropic-value-123', FABRIC_CODEC_TOKEN: 'codec-value-456', DATABASE_URL: 'postgres://u:db-pass-789@h/d' });
    expect(redactLogText('a anthropic-value-123 b codec-value-456 c db-pass-789')).toBe('a [redacted] b [redacted] c [redacted]');
    rememberSecrets(['short']); // too short to scrub safely
    expect(redactLogText('short')).toBe('short');
  });
});
