import { BlockList, isIP } from 'node:net';

/** Ranges no connector may reach in production unless an operator allows them: loopback, private, link-local, ... */
const SPECIAL_V4: Array<[string, number, string]> = [
  ['0.0.0.0', 8, 'this-network'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local (cloud metadata)'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];
const SPECIAL_V6: Array<[string, number, string]> = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['fc00::', 7, 'unique-local (private)'],
  ['fe80::', 10, 'link-local'],
  ['ff00::', 8, 'multicast'],
  ['64:ff9b::', 96, 'NAT64'],
];

/** The kind of special range an IP literal falls in ("loopback", "private", ...), or undefined for a public address. */
export function specialRange(address: string): string | undefined {
  const family = isIP(address);
  if (family === 0) return undefined;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return specialRange(mapped[1]!);
  const table = family === 4 ? SPECIAL_V4 : SPECIAL_V6;
  for (const [net, prefix, kind] of table) {
    const list = new BlockList();
    list.addSubnet(net, prefix, family === 4 ? 'ipv4' : 'ipv6');
    if (list.check(address, family === 4 ? 'ipv4' : 'ipv6')) return `${kind} ${net}/${prefix}`;
  }
  return undefined;
}

/** Strips IPv6 brackets from a URL hostname: "[::1]" → "::1". */
export function bareHost(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname.toLowerCase();
}

/**
 * An operator's allow-list (FABRIC_ALLOWED_HOSTS): host names ("api.example.com"), wildcard subdomains
 * ("*.example.com"), IP literals ("127.0.0.1") and CIDRs ("10.1.0.0/16"). IP entries are the only way to allow an
 * address in a special range.
 */
export class HostAllowList {
  private readonly names = new Set<string>();
  private readonly suffixes: string[] = [];
  private readonly addresses = new BlockList();
  private hasAddresses = false;

  constructor(readonly entries: readonly string[]) {
    for (const raw of entries) {
      const entry = raw.trim().toLowerCase();
      if (!entry) continue;
      const [net, prefix] = entry.split('/');
      const family = isIP(bareHost(net!));
      if (family !== 0) {
        const type = family === 4 ? 'ipv4' : 'ipv6';
        const bits = prefix === undefined ? (family === 4 ? 32 : 128) : Number(prefix);
        if (!Number.isInteger(bits) || bits < 0 || bits > (family === 4 ? 32 : 128)) {
          throw new Error(`FABRIC_ALLOWED_HOSTS: "${raw}" has a bad prefix length; write it like 10.1.0.0/16`);
        }
        this.addresses.addSubnet(bareHost(net!), bits, type);
        this.hasAddresses = true;
      } else if (entry.startsWith('*.')) this.suffixes.push(entry.slice(1));
      else if (/^[a-z0-9.-]+$/.test(entry)) this.names.add(entry);
      else throw new Error(`FABRIC_ALLOWED_HOSTS: "${raw}" is not a host name, *.domain, IP address or CIDR`);
    }
  }

  allowsName(host: string): boolean {
    const h = bareHost(host);
    return this.names.has(h) || this.suffixes.some((s) => h.endsWith(s)) || this.allowsAddress(h);
  }

  allowsAddress(address: string): boolean {
    const family = isIP(address);
    return this.hasAddresses && family !== 0 && this.addresses.check(address, family === 4 ? 'ipv4' : 'ipv6');
  }
}
