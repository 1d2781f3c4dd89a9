import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { getMapping } from '../../../store/mapping-store';
import { decideMappingUpdate, mappingStateQuery, mappingWorkflow, type MappingState } from '../../../workflows/mapping';
import { testDb } from '../../helpers/db';
import { testClient, withWorker } from '../../helpers/temporal';

const HUBSPOT = join(__dirname, '../../../node_modules/@opensdks/sdk-hubspot/hubspot_crm_contacts.oas.json');

it('mappingWorkflow parses, proposes, validates, stores a draft and activates it after an approve update with an edit', async () => {
  const db = testDb(2);
  const { client, connection } = await testClient();
  const id = randomUUID();
  const source = `hs-${id.slice(0, 8)}`;
  try {
    await withWorker({ db }, async ({ taskQueue }) => {
      const handle = await client.workflow.start(mappingWorkflow, {
        workflowId: `mapping:${id}`,
        taskQueue,
        args: [{ specPath: HUBSPOT, model: 'customer', sourceSystem: source }],
      });
      let state: MappingState | undefined;
      for (let i = 0; i < 100 && state?.phase !== 'awaiting-approval'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        state = await handle.query(mappingStateQuery);
      }
      expect(state).toMatchObject({ phase: 'awaiting-approval', proposer: 'heuristic', report: { ok: true } });
      const draft = await getMapping(db, state!.mappingId!);
      expect(draft).toMatchObject({ status: 'draft', isActive: false, humanVerified: false, connector: source, targetSchema: 'customer' });
      expect(draft.confidenceScore).toBeGreaterThan(0.5);

      // an invalid edit is refused by the update validator and changes nothing
      const invalid = { ...state!.mapping!, rules: [{ target: 'email', source: { path: 'x' } }] };
      await expect(handle.executeUpdate(decideMappingUpdate, { args: [{ decision: 'approve', by: 'ada', mapping: invalid }] })).rejects.toBeInstanceOf(
        WorkflowUpdateFailedError,
      );

      const edited = { ...state!.mapping!, rules: state!.mapping!.rules.filter((r) => r.target !== 'company') };
      const after = await handle.executeUpdate(decideMappingUpdate, { args: [{ decision: 'approve', by: 'ada', mapping: edited }] });
      expect(after.phase).toBe('approved');
      const result = await handle.result();
      expect(result.mapping!.rules.some((r) => r.target === 'company')).toBe(false);
      const live = await getMapping(db, state!.mappingId!);
      expect(live).toMatchObject({ status: 'approved', isActive: true, humanVerified: true, approvedBy: 'ada' });
      expect((live.mappingRules as { rules: Array<{ target: string }> }).rules.some((r) => r.target === 'company')).toBe(false);
    });
  } finally {
    await connection.close();
    await db.close();
  }
});
