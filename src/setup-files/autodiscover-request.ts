import { OUTLOOK_RESPONSE_NS, parseAddress, SetupFileError } from '../core';
import { parseUntrustedXml, UntrustedXmlError } from './untrusted-xml';

export const OUTLOOK_REQUEST_NS = 'http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006';

/** Real requests are about 400 bytes; anything near this is not Outlook. */
export const AUTODISCOVER_MAX_BODY = 16 * 1024;

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function decode(body: Buffer): string {
  try {
    // The decoder drops a leading byte-order mark itself.
    return UTF8.decode(body);
  } catch {
    throw new SetupFileError('bad_request', 'the request body is not UTF-8 text');
  }
}

function single(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new SetupFileError('bad_request', `the request needs exactly one ${name} element with text`);
  return value;
}

/**
 * The address an Outlook autodiscover POST asks about. The body must be the Outlook request
 * schema (`Autodiscover/Request/EMailAddress`); when it names an `AcceptableResponseSchema`,
 * that must be the Outlook one, the only kind of answer this server gives (mobile-sync
 * requests from phones get a 400 and fall back to their other methods).
 */
export function readAutodiscoverRequest(body: Buffer): string {
  let document: Record<string, unknown>;
  try {
    document = parseUntrustedXml(decode(body));
  } catch (error) {
    if (error instanceof UntrustedXmlError) throw new SetupFileError('bad_request', error.message);
    throw error;
  }
  const root = document.Autodiscover as Record<string, unknown> | undefined;
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    throw new SetupFileError('bad_request', 'the request is not an Autodiscover document');
  }
  if (root['@xmlns'] !== OUTLOOK_REQUEST_NS) {
    throw new SetupFileError('bad_request', `the request must use the namespace ${OUTLOOK_REQUEST_NS}`);
  }
  const request = root.Request as Record<string, unknown> | undefined;
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    throw new SetupFileError('bad_request', 'the request has no Request element');
  }
  if (request.AcceptableResponseSchema !== undefined) {
    const schema = single(request.AcceptableResponseSchema, 'AcceptableResponseSchema');
    if (schema !== OUTLOOK_RESPONSE_NS) throw new SetupFileError('bad_request', `only the response schema ${OUTLOOK_RESPONSE_NS} is served`);
  }
  const address = single(request.EMailAddress, 'EMailAddress');
  try {
    return parseAddress(address);
  } catch (error) {
    // An empty element is as malformed as a wrong address here: the body is what is wrong.
    if (error instanceof SetupFileError && error.code === 'missing_address') throw new SetupFileError('bad_request', 'EMailAddress is empty');
    throw error;
  }
}
