import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';

/** Why a target was refused; each has a sentence in the locales (`diagnostics.target.*`) and in the CLI. */
export type TargetProblem = 'empty' | 'ip_address' | 'url' | 'port' | 'reserved_name' | 'not_a_domain';

export type ParsedTarget = { ok: true; domain: string } | { ok: false; problem: TargetProblem };

/**
 * Names that never belong to a customer's public domain: on a resolver they reach this
 * machine's own networks (mDNS, split-horizon zones, reverse zones) rather than the internet.
 */
const RESERVED_SUFFIXES = ['localhost', 'localdomain', 'local', 'internal', 'intranet', 'lan', 'home', 'corp', 'private', 'arpa', 'invalid', 'onion', 'alt'];

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const TOP_LABEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * The only way a user steers a check: an address ("alice@example.com") or a domain
 * ("example.com"). IP addresses, URLs and ports are refused, so the check can only ever look
 * at names under a domain, never at a host or port of the user's choosing.
 */
export function parseTarget(input: string): ParsedTarget {
  const refuse = (problem: TargetProblem): ParsedTarget => ({ ok: false, problem });
  const text = input.trim();
  if (!text) return refuse('empty');
  if (text.length > 320 || /\s/.test(text)) return refuse('not_a_domain');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) || text.includes('/') || text.includes('?') || text.includes('#')) return refuse('url');
  const at = text.lastIndexOf('@');
  if (at === 0 || at === text.length - 1) return refuse('not_a_domain');
  let host = at > 0 ? text.slice(at + 1) : text;
  if (host.startsWith('[') || isIP(host)) return refuse('ip_address');
  if (host.includes(':')) return /^[^:]+:\d*$/.test(host) ? refuse('port') : refuse('not_a_domain');
  host = host.replace(/\.$/, '');
  // Unicode names (café.fr) are checked in their DNS form; URL host rules would turn "0x7f.1" into an IPv4 address, so digits-only is judged first.
  const labels = host.toLowerCase().split('.');
  if (labels.every((label) => /^(?:0x[0-9a-f]*|\d+)$/i.test(label))) return refuse('ip_address');
  const ascii = domainToASCII(host.toLowerCase());
  if (!ascii || isIP(ascii) || ascii.length > 253) return refuse(ascii && isIP(ascii) ? 'ip_address' : 'not_a_domain');
  const parts = ascii.split('.');
  if (parts.length < 2 || !parts.every((label) => LABEL.test(label))) return refuse('not_a_domain');
  const top = parts[parts.length - 1];
  if (RESERVED_SUFFIXES.includes(top)) return refuse('reserved_name');
  if (!TOP_LABEL.test(top)) return refuse('not_a_domain');
  return { ok: true, domain: ascii };
}
