import { z } from 'zod';
import { getAdapter } from '../../../adapters/core/catalogue';
import { configFromForm, formFields, validateConfigForm } from '../../../console/config-form';

describe('new-config form from the connector zod schema (via JSON Schema)', () => {
  const mock = getAdapter('mock');

  it('derives one typed field per property, with the required ones marked', () => {
    const fields = formFields(mock);
    expect(fields.map((f) => [f.name, f.kind, f.required])).toEqual([
      ['baseUrl', 'url', true],
      ['timeoutMs', 'number', false],
      ['retries', 'number', false],
      ['retryBaseDelayMs', 'number', false],
      ['rateLimit', 'text', false],
    ]);
  });

  it('converts submitted strings, leaves bad numbers for zod to name, and drops empty optional fields', () => {
    const fields = formFields(mock);
    expect(configFromForm(fields, { 'config.baseUrl': ' http://x.test ', 'config.retries': '3', 'config.timeoutMs': '' })).toEqual({
      baseUrl: 'http://x.test',
      retries: 3,
    });
    const bad = configFromForm(fields, { 'config.retries': 'many' });
    const res = validateConfigForm(mock, bad);
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(Object.keys(res.errors).sort()).toEqual(['config.baseUrl', 'config.retries']);
      expect(res.errors['config.baseUrl']).toBe('is required');
    }
    expect(validateConfigForm(mock, { baseUrl: 'http://127.0.0.1:1' })).toEqual({ ok: true, value: { baseUrl: 'http://127.0.0.1:1' } });
  });

  it('maps a boolean to a checkbox and an enum to a select', () => {
    const def = { ...mock, configSchema: z.object({ live: z.boolean(), region: z.enum(['eu', 'us']) }) } as typeof mock;
    const fields = formFields(def);
    expect(fields.map((f) => f.kind)).toEqual(['checkbox', 'select']);
    expect(fields[1]!.options).toEqual(['eu', 'us']);
    expect(configFromForm(fields, { 'config.live': 'on', 'config.region': 'eu' })).toEqual({ live: true, region: 'eu' });
  });
});
