import { findAddress } from '../understanding/entities';
import { SetupFileError } from './errors';

/** RFC 5321 caps a path at 256 octets, so an address at 254 characters. */
const MAX_ADDRESS_LENGTH = 254;

/** Printable ASCII only: checked before lower-casing, because some non-ASCII letters (the Kelvin sign) lower-case to ASCII. */
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;

/**
 * A mailbox address from a query string, a request body or a command line, checked with the
 * chat's own strict address pattern (so the files accept exactly what the chat personalises)
 * and lower-cased the same way the chat lower-cases it, so both show the same user name.
 */
export function parseAddress(raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '') {
    throw new SetupFileError('missing_address', 'an email address is required');
  }
  const trimmed = raw.trim();
  if (trimmed.length > MAX_ADDRESS_LENGTH || !PRINTABLE_ASCII.test(trimmed)) {
    throw new SetupFileError('invalid_address', 'not a valid email address (expected name@domain.tld)');
  }
  const lower = trimmed.toLowerCase();
  // findAddress searches running text; the whole input must be the address it finds, nothing around it.
  if (findAddress(lower, '').email !== lower) {
    throw new SetupFileError('invalid_address', 'not a valid email address (expected name@domain.tld)');
  }
  return lower;
}

export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1);
}
