export default async function globalTeardown(): Promise<void> {
  await globalThis.__fabricDevServer?.stop();
  if (!process.env.KEEP_TEST_DB) await globalThis.__fabricTestDb?.drop().catch(() => undefined);
}
