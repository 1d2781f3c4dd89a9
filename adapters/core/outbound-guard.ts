import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { bareHost, HostAllowList, specialRange } from './address-ranges';
import { ValidationError } from './errors';

export type LookupFn = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

/** Production mode's outbound rules; in dev mode (enforce false) connectors may call anything, local fakes included. */
export interface OutboundPolicy {
  enforce: boolean;
  /** FABRIC_ALLOWED_HOSTS: allowed for every connector, and the only way to allow a loopback/private address. */
  operatorHosts: HostAllowList;
  /** Resolves names before any socket opens; tests pass a recording lookup. */
  lookup: LookupFn;
}

/** A refused outbound target: non-retryable, and the message says why and which setting allows it. */
export class OutboundRefusedError extends ValidationError {}

const connectorHosts = new Map<string, readonly string[]>();
const defaultLookup: LookupFn = (host) => dnsLookup(host, { all: true, verbatim: true });
let current: OutboundPolicy | undefined;

/** The API hosts a connector calls (AdapterDefinition.allowedHosts); recorded when the connector registers. */
export function registerConnectorHosts(connector: string, hosts: readonly string[] | undefined): void {
  connectorHosts.set(connector, hosts ?? []);
}

export function outboundPolicy(o: { production: boolean; allowedHosts?: string; lookup?: LookupFn }): OutboundPolicy {
  const entries = (o.allowedHosts ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return { enforce: o.production, operatorHosts: new HostAllowList(entries), lookup: o.lookup ?? defaultLookup };
}

/** Production mode: FABRIC_PRODUCTION=true, or NODE_ENV=production unless FABRIC_PRODUCTION=false. */
export function isProductionMode(env: { FABRIC_PRODUCTION?: string; NODE_ENV?: string }): boolean {
  if (env.FABRIC_PRODUCTION !== undefined) return env.FABRIC_PRODUCTION === 'true' || env.FABRIC_PRODUCTION === '1';
  return env.NODE_ENV === 'production';
}

/** Installs the process-wide policy (worker.ts, server/main.ts, tests); before that it is read from process.env. */
export function setOutboundPolicy(policy: OutboundPolicy | undefined): void {
  current = policy;
}

export function currentOutboundPolicy(): OutboundPolicy {
  current ??= outboundPolicy({ production: isProductionMode(process.env), allowedHosts: process.env.FABRIC_ALLOWED_HOSTS });
  return current;
}

function allowedNames(connector: string, policy: OutboundPolicy): string {
  const names = [...(connectorHosts.get(connector) ?? []), ...policy.operatorHosts.entries];
  return names.length ? names.join(', ') : 'none';
}

/**
 * What is wrong with a URL without resolving it (config creation): scheme, host on the allow-lists, IP literals in
 * special ranges. Undefined when it may be used, or when production mode is off.
 */
export function staticRefusal(connector: string, url: string, policy = currentOutboundPolicy()): string | undefined {
  if (!policy.enforce) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a URL`;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return `scheme ${parsed.protocol} is not allowed; use https`;
  const host = bareHost(parsed.hostname);
  const fix = 'add it to FABRIC_ALLOWED_HOSTS to allow it explicitly';
  const range = specialRange(host) ?? (host === 'localhost' || host.endsWith('.localhost') ? 'loopback name' : undefined);
  if (range && !policy.operatorHosts.allowsAddress(host)) {
    return `host "${host}" is a ${range} address, refused in production mode; ${fix}`;
  }
  // a connector may name its vendor's per-customer hosts as `*.domain` (Jira Cloud sites: *.atlassian.net)
  const known = connectorHosts.get(connector) ?? [];
  const named = known.some((h) => h === host || (h.startsWith('*.') && host.endsWith(h.slice(1)) && host.length > h.length - 1));
  if (!named && !policy.operatorHosts.allowsName(host)) {
    return `host "${host}" is not an allowed host for connector "${connector}" in production mode (allowed: ${allowedNames(connector, policy)}); ${fix}`;
  }
  return undefined;
}

/** staticRefusal as a throw: the target as written (scheme, host on the allow-lists, IP literals). */
export function assertStaticallyAllowed(connector: string, url: string, policy = currentOutboundPolicy()): void {
  const problem = policy.enforce ? staticRefusal(connector, url, policy) : undefined;
  if (problem) throw new OutboundRefusedError(`${connector}: outbound request refused: ${problem}`, { connector });
}

/** The refusal for the first address a name gave that the rules do not allow, or undefined. */
function addressRefusal(connector: string, host: string, addresses: ReadonlyArray<{ address: string }>, policy: OutboundPolicy, when: string) {
  for (const { address } of addresses) {
    const range = specialRange(address);
    if (range && !policy.operatorHosts.allowsAddress(address)) {
      const why = `host "${host}" ${when} ${address}, a ${range} address; add ${address} to FABRIC_ALLOWED_HOSTS to allow it`;
      return new OutboundRefusedError(`${connector}: outbound request refused: ${why}`, { connector });
    }
  }
  return undefined;
}

/** staticRefusal, then every address the host resolves to (before any socket opens); throws OutboundRefusedError. */
export async function assertOutboundAllowed(connector: string, url: string, policy = currentOutboundPolicy()): Promise<void> {
  if (!policy.enforce) return;
  assertStaticallyAllowed(connector, url, policy);
  const host = bareHost(new URL(url).hostname);
  if (isIP(host)) return;
  let addresses: Array<{ address: string }>;
  try {
    addresses = await policy.lookup(host);
  } catch (err) {
    throw new OutboundRefusedError(`${connector}: outbound request refused: host "${host}" does not resolve (${(err as Error).message})`, { connector });
  }
  const refused = addressRefusal(connector, host, addresses, policy, 'resolves to');
  if (refused) throw refused;
}

type LookupCallback = (err: Error | null, address: string | Array<{ address: string; family: number }>, family?: number) => void;

/**
 * The lookup a socket connects with in production mode: the addresses it will really use are checked, so a name
 * that resolved to a public address when its config was checked and to a private one later (DNS rebinding) is refused.
 */
export function connectLookup(connector: string, policy: OutboundPolicy) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    policy.lookup(hostname).then(
      (addresses) => {
        const refused = addressRefusal(connector, hostname, addresses, policy, 'resolved at connect to');
        if (refused) return callback(refused, '');
        if (addresses.length === 0) return callback(new OutboundRefusedError(`${connector}: host "${hostname}" has no address`, { connector }), '');
        if (options.all) return callback(null, addresses);
        callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (err: Error) => callback(err, ''),
    );
  };
}
