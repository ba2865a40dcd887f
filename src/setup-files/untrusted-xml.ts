import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** Why an untrusted document was refused, as a one-line reason. */
export class UntrustedXmlError extends Error {}

/**
 * Parses XML sent by strangers. DOCTYPE is refused outright (no entity expansion, no external
 * entities, no billion laughs), entities are left as written, nesting is capped, and
 * malformed input is refused rather than half-read: fast-xml-parser alone is lenient.
 */
export function parseUntrustedXml(text: string): Record<string, unknown> {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new UntrustedXmlError('DOCTYPE and entity declarations are not accepted');
  if (XMLValidator.validate(text) !== true) throw new UntrustedXmlError('the request body is not well-formed XML');
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    processEntities: false,
    htmlEntities: false,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    maxNestedTags: 32,
  });
  try {
    return parser.parse(text) as Record<string, unknown>;
  } catch {
    // Reserved names (__proto__), nesting beyond the cap: whatever the reason, it is not a request we serve.
    throw new UntrustedXmlError('the request body is not an XML document we can read');
  }
}
