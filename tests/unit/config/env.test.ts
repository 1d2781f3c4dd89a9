import { ConfigError, loadEnv } from '../../../config/env';

describe('loadEnv', () => {
  it('fills embedded defaults when nothing is set', () => {
    const env = loadEnv({});
    expect(env.TEMPORAL_ADDRESS).toBe('127.0.0.1:7233');
    expect(env.TEMPORAL_TASK_QUEUE).toBe('connectivity-fabric');
    expect(env.HTTP_PORT).toBe(8080);
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('names each bad variable, what is wrong, and shows the value unless it is secret', () => {
    let error: unknown;
    try {
      loadEnv({ HTTP_PORT: 'abc', DATABASE_URL: 'mysql://x', TEMPORAL_ADDRESS: 'nohost', LOG_LEVEL: 'loud' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toMatch(/HTTP_PORT: .*"abc"/);
    expect(message).toMatch(/DATABASE_URL: must be a postgres/);
    expect(message).toMatch(/TEMPORAL_ADDRESS: must look like host:port/);
    expect(message).toMatch(/LOG_LEVEL: must be one of/);
    expect((error as ConfigError).problems).toHaveLength(4);
  });

  it('never echoes a secret value', () => {
    expect(() => loadEnv({ FABRIC_ENCRYPTION_KEY: 'sekrit-value' })).toThrow(/FABRIC_ENCRYPTION_KEY: must be <keyId>/);
    try {
      loadEnv({ FABRIC_ENCRYPTION_KEY: 'sekrit-value' });
    } catch (err) {
      expect((err as Error).message).not.toContain('sekrit-value');
    }
  });
});
