import { ApplicationFailure } from '@temporalio/common';
import { loadEnv } from '../config/env';
import { parseMapping, type MappableModel, type Mapping } from '../mapping/format';
import { bestResource, type Proposal } from '../mapping/heuristic';
import { proposeMapping } from '../mapping/propose';
import { findResource, parseSpec, type CandidateResource } from '../mapping/spec-parser';
import { sampleRecords, validateMapping, type ValidationReport } from '../mapping/validate';
import { approveMapping, createMapping, getMapping, rejectMapping, updateMappingRules } from '../store/mapping-store';
import type { ActivityDeps } from './deps';

export interface ParseSpecInput {
  specPath: string;
  model: MappableModel;
  resource?: string;
  sourceSystem: string;
}

/** Mapping generation steps; each is small data in and out (a resource's field list, a mapping, a report). */
export function mappingActivities({ db }: ActivityDeps) {
  return {
    async mappingParseSpec(input: ParseSpecInput): Promise<CandidateResource> {
      try {
        const spec = await parseSpec(input.specPath);
        const res = input.resource ? findResource(spec, input.resource) : bestResource(spec.resources, input.model, input.sourceSystem);
        return { ...res, examples: res.examples.slice(0, 5) };
      } catch (err) {
        // a spec that does not parse, or has no such resource, fails the same way every time: do not retry it
        throw ApplicationFailure.nonRetryable(err instanceof Error ? err.message : String(err), 'SpecError');
      }
    },

    async mappingPropose(input: { resource: CandidateResource; model: MappableModel; sourceSystem: string }): Promise<Proposal> {
      const env = loadEnv();
      return proposeMapping(input.resource, input.model, input.sourceSystem, {
        anthropic: { apiKey: env.ANTHROPIC_API_KEY, baseURL: env.ANTHROPIC_BASE_URL, model: env.ANTHROPIC_MODEL },
      });
    },

    async mappingValidate(input: { mapping: Mapping; resource: CandidateResource }): Promise<ValidationReport> {
      const samples = sampleRecords(input.resource);
      return validateMapping(input.mapping, samples.records, samples.source);
    },

    async mappingStore(input: { mapping: Mapping; confidence: number }): Promise<{ mappingId: string }> {
      const row = await createMapping(db, {
        connector: input.mapping.source_system,
        sourceSchema: input.mapping.resource,
        targetSchema: input.mapping.model,
        mappingRules: input.mapping,
        confidenceScore: input.confidence,
      });
      return { mappingId: row.id };
    },

    /** Approves (optionally with a person's edit, validated again here) and makes it the live mapping. */
    async mappingDecide(input: {
      mappingId: string;
      decision: 'approve' | 'reject';
      by: string;
      edited?: unknown;
    }): Promise<{ isActive: boolean; status: string }> {
      const current = await getMapping(db, input.mappingId);
      // a retry after the decision was committed (e.g. a lost completion) returns it instead of failing on a non-draft
      if (current.status === (input.decision === 'approve' ? 'approved' : 'rejected')) return { isActive: current.isActive, status: current.status };
      if (input.decision === 'reject') {
        const row = await rejectMapping(db, input.mappingId, input.by);
        return { isActive: row.isActive, status: row.status };
      }
      if (input.edited !== undefined) {
        const parsed = parseMapping(input.edited);
        if (!parsed.ok) throw ApplicationFailure.nonRetryable(`edited mapping: ${parsed.errors.join('; ')}`, 'ValidationError');
        await updateMappingRules(db, input.mappingId, parsed.mapping);
      }
      const row = await approveMapping(db, input.mappingId, input.by);
      return { isActive: row.isActive, status: row.status };
    },

    async mappingGet(input: { mappingId: string }) {
      return getMapping(db, input.mappingId);
    },
  };
}
