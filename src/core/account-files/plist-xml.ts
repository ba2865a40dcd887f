import { builderOnFirstUse, XML_DECLARATION, xmlText } from './xml';

/**
 * Apple XML property lists, written with fast-xml-parser. The `plist` package (v5) ships as
 * ES modules only, which this CommonJS build and jest cannot load; the subset profiles need
 * (dict, array, string, integer, boolean) is small and fully specified by Apple's DTD.
 */
export type PlistValue = string | number | boolean | PlistValue[] | { [key: string]: PlistValue };

const DOCTYPE = '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n';

/** Ordered form: a `dict` is a list of alternating `key` and value elements, so it must keep its order. */
type Node = Record<string, unknown>;

/**
 * Text escaped by hand: only `&`, `<` and `>` need it in element content, and leaving
 * apostrophes and quotes as they are keeps the file readable by the simplest plist readers.
 */
function text(value: string): Node[] {
  const escaped = xmlText(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return escaped === '' ? [] : [{ '#text': escaped }];
}

function toNode(value: PlistValue): Node {
  if (typeof value === 'string') return { string: text(value) };
  if (typeof value === 'boolean') return { [value ? 'true' : 'false']: [] };
  if (typeof value === 'number') {
    // Ports and versions are integers; a fraction would silently become a <real> Apple would reject here.
    if (!Number.isSafeInteger(value)) throw new TypeError(`property lists here hold whole numbers only, not ${value}`);
    return { integer: text(String(value)) };
  }
  if (Array.isArray(value)) return { array: value.map(toNode) };
  return { dict: Object.entries(value).flatMap(([key, item]) => [{ key: text(key) }, toNode(item)]) };
}

const builder = builderOnFirstUse({
  preserveOrder: true,
  format: true,
  indentBy: '\t',
  // Empty elements as <true/>, <false/>, <array/>; Apple's parser reads both forms.
  suppressEmptyNode: true,
  // Escaping is done in text() above; the one attribute (version="1.0") needs none.
  processEntities: false,
  ignoreAttributes: false,
  attributeNamePrefix: '@',
});

export function buildPlist(root: PlistValue): string {
  const document = [{ plist: [toNode(root)], ':@': { '@version': '1.0' } }];
  return `${XML_DECLARATION}${DOCTYPE}${builder().build(document).trim()}\n`;
}
