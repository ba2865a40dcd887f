import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

// Networks in CIDR form: read by the knowledge-base schema and the configuration as well as the domain check, so they live below all three.

/**
 * Parses "a.b.c.d/n", "x::/n" or a bare address (one host); throws on anything else. Addresses
 * must be in their usual notation (node's `isIP`): ipaddr.js alone would also take "10.1" or hex.
 */
export function parseNetwork(text: string): Network {
  const [host, bits, extra] = text.trim().split('/');
  const family = isIP(host);
  const max = family === 4 ? 32 : 128;
  if (family === 0 || extra !== undefined) throw new Error(`"${text.trim()}" is not an IP address or a network in CIDR form`);
  if (bits === undefined) return [ipaddr.parse(host), max];
  const prefix = Number(bits);
  if (!/^\d{1,3}$/.test(bits) || prefix > max) throw new Error(`"${text.trim()}" has a prefix length outside 0–${max}`);
  return [ipaddr.parse(host), prefix];
}

export type Network = [ipaddr.IPv4 | ipaddr.IPv6, number];

export function inNetwork(address: ipaddr.IPv4 | ipaddr.IPv6, [base, bits]: Network): boolean {
  return address.kind() === base.kind() && (address as ipaddr.IPv4).match(base as ipaddr.IPv4, bits);
}

/** Whether an address (text) lies inside a parsed network; IPv4-mapped IPv6 counts as its IPv4 address. */
export function networkContains(network: Network, text: string): boolean {
  if (!ipaddr.isValid(text)) return false;
  let address = ipaddr.parse(text);
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) address = (address as ipaddr.IPv6).toIPv4Address();
  return inNetwork(address, network);
}

