import { condition, defineQuery, defineUpdate, proxyActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { validateWorkflowInput } from '../contracts/workflow-input';
import { MappingInputSchema } from '../contracts/workflow-schemas';
import type { MappableModel, Mapping } from '../mapping/format';
import { parseMapping } from '../mapping/format';
import type { CandidateResource } from '../mapping/spec-parser';
import type { ValidationReport } from '../mapping/validate';
import { SA } from '../contracts/search-attributes';

const acts = proxyActivities<Activities>({ startToCloseTimeout: '5 minutes', retry: { maximumAttempts: 3 } });

export interface MappingWorkflowInput {
  specPath: string;
  model: MappableModel;
  resource?: string;
  sourceSystem: string;
}
export interface MappingDecision {
  decision: 'approve' | 'reject';
  by: string;
  mapping?: unknown;
}
export interface MappingState {
  phase: 'parsing' | 'proposing' | 'validating' | 'storing' | 'awaiting-approval' | 'approved' | 'rejected';
  mappingId?: string;
  mapping?: Mapping;
  confidence?: number;
  proposer?: string;
  notes?: string[];
  report?: ValidationReport;
  /** The spec resource being mapped (fields and examples): the console shows the samples next to the rules. */
  resource?: CandidateResource;
}

export const mappingStateQuery = defineQuery<MappingState>('mappingState');
export const decideMappingUpdate = defineUpdate<MappingState, [MappingDecision]>('decideMapping');

/** parse → propose → validate → store (draft, human_verified=false) → wait for a person → activate. ID: mapping:<id>. */
export async function mappingWorkflow(input: MappingWorkflowInput): Promise<MappingState> {
  validateWorkflowInput('mappingWorkflow', MappingInputSchema, input);
  const state: MappingState = { phase: 'parsing' };
  let decision: MappingDecision | undefined;
  setHandler(mappingStateQuery, () => state);
  setHandler(
    decideMappingUpdate,
    async (d) => {
      decision = d;
      await condition(() => state.phase === 'approved' || state.phase === 'rejected');
      return state;
    },
    {
      // runs before the update is accepted: a bad edit is refused without touching history
      validator: (d) => {
        if (d.decision !== 'approve' && d.decision !== 'reject') throw new Error('decision: must be "approve" or "reject"');
        if (!d.by) throw new Error('by: name who decides');
        if (state.phase !== 'awaiting-approval' || decision) throw new Error(`mapping is ${state.phase}; only a stored draft can be decided once`);
        if (d.mapping !== undefined) {
          const parsed = parseMapping(d.mapping);
          if (!parsed.ok) throw new Error(`edited mapping is invalid: ${parsed.errors.join('; ')}`);
        }
      },
    },
  );
  upsertSearchAttributes([
    { key: SA.action, value: 'mapping' },
    { key: SA.connector, value: input.sourceSystem },
  ]);

  const resource = await acts.mappingParseSpec(input);
  state.resource = resource;
  state.phase = 'proposing';
  const proposal = await acts.mappingPropose({ resource, model: input.model, sourceSystem: input.sourceSystem });
  Object.assign(state, { phase: 'validating', mapping: proposal.mapping, confidence: proposal.confidence, proposer: proposal.proposer, notes: proposal.notes });
  state.report = await acts.mappingValidate({ mapping: proposal.mapping, resource });
  state.phase = 'storing';
  const { mappingId } = await acts.mappingStore({ mapping: proposal.mapping, confidence: proposal.confidence });
  state.mappingId = mappingId;
  state.phase = 'awaiting-approval';

  await condition(() => decision !== undefined);
  const d = decision!;
  if (d.mapping !== undefined && d.decision === 'approve') {
    const edited = parseMapping(d.mapping);
    if (edited.ok) {
      state.mapping = edited.mapping;
      state.report = await acts.mappingValidate({ mapping: edited.mapping, resource });
    }
  }
  await acts.mappingDecide({ mappingId, decision: d.decision, by: d.by, edited: d.decision === 'approve' ? d.mapping : undefined });
  state.phase = d.decision === 'approve' ? 'approved' : 'rejected';
  return state;
}
