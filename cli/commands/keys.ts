import type { Command } from 'commander';
import type { CliContext } from '../context';
import { CredentialManager, generateKey } from '../../store/credentials';
import { keyUsage, rotateKeys } from '../../store/key-rotation';

export function register(program: Command, ctx: CliContext): void {
  const keys = program.command('keys').description('encryption keys for stored credentials (AES-256-GCM)');
  keys
    .command('generate')
    .description('print a new key for FABRIC_ENCRYPTION_KEY')
    .option('--id <keyId>', 'key id stored inside every ciphertext (default: k<timestamp>)')
    .action((o: { id?: string }) => {
      const key = generateKey(o.id);
      const keyId = key.split(':')[0];
      ctx.print(
        `${key}\n\nTo rotate: move the current FABRIC_ENCRYPTION_KEY into FABRIC_PREVIOUS_ENCRYPTION_KEYS, set this one as ` +
          'FABRIC_ENCRYPTION_KEY, restart workers, run `fabric keys rotate`, then drop the old key.',
        { key, keyId },
      );
    });

  keys
    .command('rotate')
    .description('re-encrypt every credential and webhook secret under the current key (online, resumable, idempotent)')
    .option('--batch-size <n>', 'rows per committed batch', '200')
    .action(async (o: { batchSize: string }) => {
      const batchSize = Number(o.batchSize);
      if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`--batch-size: "${o.batchSize}" is not a positive whole number`);
      const cm = CredentialManager.fromEnv(ctx.env, (line) => ctx.io.err(line));
      const db = await ctx.db();
      const report = await rotateKeys(db, cm, {
        batchSize,
        onBatch: (p) => ctx.io.err(`  re-encrypted ${p.credentials} credentials, ${p.webhookSecrets} webhook secrets`),
      });
      const usage = await keyUsage(db);
      const old = usage.filter((u) => u.keyId !== cm.currentKeyId);
      ctx.print(
        () =>
          `re-encrypted ${report.credentials} credentials and ${report.webhookSecrets} webhook secrets under ${cm.currentKeyId}` +
          (old.length
            ? `\nstill under older keys: ${old.map((u) => `${u.keyId} (${u.credentials + u.webhookSecrets})`).join(', ')}`
            : '\nno secret uses an older key: previous keys can be removed'),
        { ...report, usage },
      );
    });

  keys
    .command('status')
    .description('how many secrets each key encrypts')
    .action(async () => {
      const usage = await keyUsage(await ctx.db());
      ctx.print(
        () => usage.map((u) => `${u.keyId.padEnd(20)} ${u.credentials} credentials, ${u.webhookSecrets} webhook secrets`).join('\n') || 'no secrets stored',
        { usage },
      );
    });
}
