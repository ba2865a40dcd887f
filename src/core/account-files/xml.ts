import type { XMLBuilder, XmlBuilderOptions } from 'fast-xml-parser';

/** Characters XML 1.0 forbids even escaped; a knowledge-base text carrying one would make the whole file unreadable. */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function xmlText(text: string): string {
  return text.replace(NOT_XML, '');
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/**
 * A builder made on first use: every `ask` loads the core, and few answers carry a file
 * (fast-xml-parser takes about 10 ms to load).
 */
export function builderOnFirstUse(options: XmlBuilderOptions): () => XMLBuilder {
  let builder: XMLBuilder | undefined;
  return () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    builder ??= new (require('fast-xml-parser') as typeof import('fast-xml-parser')).XMLBuilder(options);
    return builder;
  };
}

/** Attributes are keys starting with "@"; text and attribute values are escaped by the builder (&, <, >, ', "). */
const builder = builderOnFirstUse({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  format: true,
  indentBy: '  ',
  processEntities: true,
});

/** A document from a plain object tree: keys are element names in document order, arrays repeat an element. */
export function buildXml(tree: Record<string, unknown>): string {
  return XML_DECLARATION + builder().build(tree);
}
