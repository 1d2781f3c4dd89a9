import { describeLeaks, scanLogs, storedSecrets } from './log-scan';
import { TEST_KEY_TEXT } from './fixtures';
import { LOG_DIR } from './run-dir';

/** Secrets the tests use that never reach the database (API keys of local fakes, tokens, JWT secrets). */
const FIXTURE_SECRETS = [TEST_KEY_TEXT, 'sk-ant-test', 'sk-test-secret', 'test-jwt-secret-at-least-32-characters-long', 'shared-codec-token'];

/**
 * After every test file: scan the run's logs for secrets and emails (tests/helpers/log-scan.ts) while the database
 * that says which secrets the tests stored still exists, then stop Temporal and drop the database. A leak fails the
 * run: jest reports a throwing globalTeardown and exits non-zero.
 */
export default async function globalTeardown(): Promise<void> {
  let failure: Error | undefined;
  try {
    const db = globalThis.__fabricTestDb;
    const stored = db ? await storedSecrets(db.url, TEST_KEY_TEXT) : { secrets: [], unreadable: 0 };
    const { leaks, files, lines } = scanLogs(LOG_DIR, [...stored.secrets, ...FIXTURE_SECRETS]);
    const known = new Set(stored.secrets).size;
    process.stderr.write(
      `[log scan] ${lines} lines in ${files} process logs (${LOG_DIR}), checked for ${known} stored secrets ` +
        `(${stored.unreadable} under other keys), the fixtures' secrets, secret shapes and email addresses: ${leaks.length} leaks\n`,
    );
    if (leaks.length > 0) failure = new Error(`[log scan] ${describeLeaks(leaks, LOG_DIR)}`);
  } catch (err) {
    failure = new Error(`[log scan] could not scan the run's logs: ${(err as Error).message}`, { cause: err });
  }
  await globalThis.__fabricDevServer?.stop();
  if (!process.env.KEEP_TEST_DB) await globalThis.__fabricTestDb?.drop().catch(() => undefined);
  if (failure) throw failure;
}
