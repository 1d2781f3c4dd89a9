import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../cli/main';
import { getMapping } from '../../../store/mapping-store';
import { testDb } from '../../helpers/db';
import { withWorker } from '../../helpers/temporal';

const HUBSPOT = join(__dirname, '../../../node_modules/@opensdks/sdk-hubspot/hubspot_crm_contacts.oas.json');

/** `fabric mapping generate|show|approve|reject` in-process against the run's Temporal and Postgres, with a test worker. */
test('fabric mapping generate, show, approve (with an edited mapping) and reject', async () => {
  const db = testDb(2);
  const dir = mkdtempSync(join(tmpdir(), 'fabric-mapping-cli-'));
  try {
    await withWorker({ db }, async ({ taskQueue }) => {
      const env = { ...process.env, TEMPORAL_TASK_QUEUE: taskQueue };
      const fabric = async (...args: string[]) => {
        const out: string[] = [];
        const err: string[] = [];
        const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, env);
        return { code, out: out.join('\n'), err: err.join('\n') };
      };
      const source = `hs-cli-${randomUUID().slice(0, 8)}`;

      const bad = await fabric('mapping', 'generate', '--spec', HUBSPOT, '--model', 'ticket');
      expect(bad).toMatchObject({ code: 1, err: expect.stringContaining('--model ticket: must be customer or invoice') });

      const gen = await fabric('mapping', 'generate', '--spec', HUBSPOT, '--model', 'customer', '--source', source, '--json');
      expect(gen.err).toBe('');
      expect(gen.code).toBe(0);
      const draft = JSON.parse(gen.out) as { id: string; phase: string; mappingId: string; mapping: { rules: Array<{ target: string }> } };
      expect(draft).toMatchObject({ phase: 'awaiting-approval', workflowId: `mapping:${draft.id}` });
      expect(await getMapping(db, draft.mappingId)).toMatchObject({ status: 'draft', connector: source, targetSchema: 'customer' });

      const show = await fabric('mapping', 'show', draft.id);
      expect(show.code).toBe(0);
      expect(show.out).toContain(`mapping ${draft.id}: awaiting-approval (row ${draft.mappingId})`);
      expect(show.out).toMatch(/email\s+← \{"path":"properties\.email"\}/);

      const edited = { ...draft.mapping, rules: draft.mapping.rules.filter((r) => r.target !== 'phone') };
      const file = join(dir, 'edited.json');
      writeFileSync(file, JSON.stringify(edited));
      const approved = await fabric('mapping', 'approve', draft.id, '--by', 'ada', '--mapping', file);
      expect(approved.err).toBe('');
      expect(approved.out).toContain(`mapping ${draft.id}: approved`);
      const row = await getMapping(db, draft.mappingId);
      expect(row).toMatchObject({ status: 'approved', isActive: true, humanVerified: true, approvedBy: 'ada' });
      expect((row.mappingRules as { rules: Array<{ target: string }> }).rules.map((r) => r.target)).not.toContain('phone');

      const twice = await fabric('mapping', 'reject', draft.id);
      expect(twice.code).toBe(1);
      expect(twice.err).toBe(`error: mapping ${draft.id}: already approved; a decision is final, generate a new mapping to change it`);

      const second = JSON.parse((await fabric('mapping', 'generate', '--spec', HUBSPOT, '--model', 'customer', '--source', source, '--json')).out) as {
        id: string;
        mappingId: string;
      };
      const rejected = await fabric('mapping', 'reject', second.id, '--by', 'bob', '--json');
      expect(rejected.code).toBe(0);
      expect(JSON.parse(rejected.out)).toMatchObject({ id: second.id, phase: 'rejected' });
      expect(await getMapping(db, second.mappingId)).toMatchObject({ status: 'rejected', isActive: false, approvedBy: 'bob' });
      expect(await getMapping(db, draft.mappingId)).toMatchObject({ isActive: true }); // a rejection never retires the live one

      const missing = await fabric('mapping', 'show', randomUUID());
      expect(missing.code).toBe(1);
      expect(missing.err).toMatch(/^error: mapping [-0-9a-f]+: no such mapping; use the id `fabric mapping generate` printed$/);
      const noFile = await fabric('mapping', 'generate', '--spec', join(dir, 'nope.yaml'), '--model', 'customer');
      expect(noFile).toMatchObject({ code: 1, err: expect.stringContaining('nope.yaml: no such file') });

      // a spec the parser refuses fails the run; the CLI reports why instead of polling for minutes
      const junk = join(dir, 'junk.yaml');
      writeFileSync(junk, 'openapi: 3.0.0\ninfo: {title: x, version: "1"}\npaths: {}\n');
      const failed = await fabric('mapping', 'generate', '--spec', junk, '--model', 'customer');
      expect(failed.code).toBe(1);
      expect(failed.err).toMatch(/generation failed: spec: no GET endpoint returning an object found/);
    });
  } finally {
    await db.close();
  }
}, 60_000);
