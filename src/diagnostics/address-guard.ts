import ipaddr from 'ipaddr.js';
import { inNetwork, parseNetwork, type Network } from '../lib/ip-network';

export { networkContains, parseNetwork, type Network } from '../lib/ip-network';

/** Why an address may not be connected to. Each has a plain-words name in the locales (`diagnostics.ranges.*`). */
export const REFUSED_RANGES = ['loopback', 'private', 'link_local', 'shared', 'multicast', 'metadata', 'reserved', 'not_allowed'] as const;
export type RefusedRange = (typeof REFUSED_RANGES)[number];

/** The outcome of checking one address: the literal to connect to, or why not. */
export type AddressVerdict =
  | { allowed: true; address: string; family: 4 | 6 }
  | { allowed: false; address: string; range: RefusedRange };

export interface AddressGuardOptions {
  /** When non-empty, addresses must also fall inside one of these networks (CIDR, e.g. "192.0.2.0/24"). */
  allowedNetworks?: readonly string[];
  /** Tests only: lets checks reach servers on 127.0.0.0/8 and ::1. */
  allowLoopback?: boolean;
}

/**
 * Cloud metadata and platform endpoints. Most sit in link-local or private ranges, which are
 * refused anyway; they are named here so the reason is plain, and because some (Azure's
 * WireServer, Alibaba's metadata) sit in ranges that would otherwise look ordinary.
 */
const METADATA_NETWORKS = ['169.254.169.254/32', '169.254.170.2/32', '169.254.169.123/32', '168.63.129.16/32', '100.100.100.200/32', 'fd00:ec2::254/128'];

/** ipaddr.js range names → what we tell. Anything not listed (and not plain unicast) is "reserved". */
const RANGE_NAMES: Record<string, RefusedRange> = {
  loopback: 'loopback',
  private: 'private',
  uniqueLocal: 'private',
  deprecatedSiteLocal: 'private',
  linkLocal: 'link_local',
  carrierGradeNat: 'shared',
  multicast: 'multicast',
  broadcast: 'multicast',
};

/** Global unicast IPv6 is 2000::/3; everything outside it is unassigned or special. */
const IPV6_GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3') as [ipaddr.IPv6, number];

/**
 * Decides, for every address a domain resolved to, whether a check may connect to it. The
 * probes connect to the very literal returned here, never to a name, so what was checked is
 * what gets connected to (no second resolution, no DNS rebinding).
 */
export class AddressGuard {
  private readonly allowed: Network[];
  private readonly metadata: Network[] = METADATA_NETWORKS.map(parseNetwork);

  constructor(private readonly options: AddressGuardOptions = {}) {
    this.allowed = (options.allowedNetworks ?? []).map(parseNetwork);
  }

  check(text: string): AddressVerdict {
    if (!ipaddr.isValid(text)) return { allowed: false, address: text, range: 'reserved' };
    let address = ipaddr.parse(text);
    // An IPv4 address written as IPv6 (::ffff:10.0.0.1) is judged, and connected to, as the IPv4 address it is.
    if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) address = (address as ipaddr.IPv6).toIPv4Address();
    const literal = address.toString();
    const refuse = (range: RefusedRange): AddressVerdict => ({ allowed: false, address: literal, range });
    if (this.metadata.some((network) => inNetwork(address, network))) return refuse('metadata');
    const range = address.range();
    const loopbackAllowed = range === 'loopback' && this.options.allowLoopback === true;
    if (range !== 'unicast' && !loopbackAllowed) return refuse(RANGE_NAMES[range] ?? 'reserved');
    // Translation prefixes (NAT64, 6to4, Teredo) and unassigned IPv6 space carry no mail server of a customer.
    if (address.kind() === 'ipv6' && range === 'unicast' && !inNetwork(address, IPV6_GLOBAL_UNICAST)) return refuse('reserved');
    if (this.allowed.length && !this.allowed.some((network) => inNetwork(address, network))) return refuse('not_allowed');
    return { allowed: true, address: literal, family: address.kind() === 'ipv4' ? 4 : 6 };
  }
}
