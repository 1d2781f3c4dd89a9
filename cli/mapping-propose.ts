import type { Command } from 'commander';
import { MAPPABLE_MODELS, type MappableModel } from '../mapping/format';
import { proposeHeuristic } from '../mapping/heuristic';
import { proposalReport } from '../mapping/proposal-fields';
import { discoverResources, describe, findResource, resourceAtPointer } from '../mapping/spec-parser';
import { loadSpec } from '../mapping/spec-load';
import type { CliContext } from './context';
import { FabricError } from '../config/errors';

/** Bad input to `fabric mapping propose` (spec, pointer, model, resource): exit code 2, as documented. */
export class ProposeInputError extends FabricError {
  readonly exitCode = 2;
}

const HELP = `
Offline and deterministic: the heuristic mapper only, no network, no API key, nothing stored.

--resource NAME matches, case-insensitively and singular or plural: a schema name ("Customer", "CustomerDto",
"EcommerceCustomer"), or a literal path segment of a GET endpoint ("customers", "sales-invoices"). Exact names
win; then a schema or segment that starts or ends with NAME; then one containing it. Among several, one with a
list endpoint wins, then the one the model fits best.
--schema POINTER is an RFC 6901 JSON pointer to the resource object's schema, with or without a leading "#"
("/components/schemas/Customer", "/definitions/Invoice", "/paths/~1invoices/get/responses/200/content/application~1json/schema/items");
"~1" escapes "/". A pointer to an array schema or a list envelope maps its items.

Prints { resource, schemaPointer, confidence, fields: { <canonical field>: <source path> | null }, ... }.
Paths use dots, [] for list items, [k=v] for a chosen element and + for joined parts.
Exit codes: 0 done, 2 bad spec, pointer, model or resource.`;

export function registerPropose(mapping: Command, ctx: CliContext): void {
  mapping
    .command('propose')
    .description('propose a mapping for one resource of a spec, offline (heuristic), and print it')
    .requiredOption('--spec <file>', 'OpenAPI 3.x or Swagger 2 file, JSON or YAML')
    .requiredOption('--model <model>', MAPPABLE_MODELS.join(' | '))
    .option('--resource <name>', 'the resource by schema name or path segment (see below)')
    .option('--schema <pointer>', 'the resource by JSON pointer to its schema (see below)')
    .option('--source <system>', 'source system name written into the mapping', 'proposed')
    .addHelpText('after', HELP)
    .action(async (o: { spec: string; model: string; resource?: string; schema?: string; source: string }) => {
      if (!(MAPPABLE_MODELS as readonly string[]).includes(o.model)) throw new ProposeInputError(`--model ${o.model}: must be ${MAPPABLE_MODELS.join(' or ')}`);
      if (Boolean(o.resource) === Boolean(o.schema)) throw new ProposeInputError('give exactly one of --resource NAME or --schema JSON_POINTER');
      const model = o.model as MappableModel;
      const report = await propose(o.spec, model, o, o.source).catch((err: unknown) => {
        throw new ProposeInputError(err instanceof Error ? err.message : String(err));
      });
      ctx.print(
        () =>
          [
            `${report.resource} (${report.schemaPointer}) → ${model}, confidence ${report.confidence}`,
            ...Object.entries(report.fields).map(([k, v]) => `  ${k.padEnd(28)} ← ${v ?? '(none)'}${report.needsReview.includes(k) ? '  [review]' : ''}`),
          ].join('\n'),
        report,
      );
    });
}

async function propose(spec: string, model: MappableModel, o: { resource?: string; schema?: string }, source: string) {
  const loaded = await loadSpec(spec);
  const resources = discoverResources(loaded);
  const resource = o.schema
    ? resourceAtPointer(loaded, resources, o.schema)
    : findResource(describe(loaded, resources), o.resource!, (r) => proposeHeuristic(r, model, source).confidence);
  return proposalReport(resource, model, proposeHeuristic(resource, model, source));
}
