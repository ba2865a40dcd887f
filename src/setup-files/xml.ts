import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

/** Characters XML 1.0 forbids even escaped; a knowledge-base text carrying one would make the whole file unreadable. */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function xmlText(text: string): string {
  return text.replace(NOT_XML, '');
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** Attributes are keys starting with "@"; text and attribute values are escaped by the builder (&, <, >, ', "). */
const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  format: true,
  indentBy: '  ',
  processEntities: true,
});

/** A document from a plain object tree: keys are element names in document order, arrays repeat an element. */
export function buildXml(tree: Record<string, unknown>): string {
  return XML_DECLARATION + builder.build(tree);
}

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
