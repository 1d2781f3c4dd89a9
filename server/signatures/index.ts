import { genericScheme } from './generic';
import { githubScheme } from './github';
import { hubspotScheme } from './hubspot';
import { slackScheme } from './slack';
import { stripeScheme } from './stripe';
import type { SignatureScheme } from './types';

export type { SignatureScheme, SignedRequest, VerifyResult } from './types';
export { genericScheme, githubScheme, hubspotScheme, slackScheme, stripeScheme };

export const SCHEMES: Record<string, SignatureScheme> = {
  stripe: stripeScheme,
  hubspot: hubspotScheme,
  slack: slackScheme,
  github: githubScheme,
  generic: genericScheme,
};

/** A connector named like a scheme uses it; any other connector (e.g. mock) uses the seed's generic X-Signature. */
export function schemeFor(connector: string): SignatureScheme {
  return SCHEMES[connector] ?? genericScheme;
}
