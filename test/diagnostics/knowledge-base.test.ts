import { KnowledgeBaseError, parseKnowledgeBase } from '../../src/knowledge/load';
import { defaultKbJson } from '../fixtures/kb';

describe("the knowledge base's optional diagnostics section", () => {
  test('absent by default; suffixes and networks when given', () => {
    expect(parseKnowledgeBase(defaultKbJson(), 'default').data.diagnostics).toBeUndefined();
    const kb = parseKnowledgeBase({ ...defaultKbJson(), diagnostics: { mxHostSuffixes: ['example-hosting.net'], networks: ['192.0.2.0/24', '2001:db8::/32', '198.51.100.7'] } }, 'test');
    expect(kb.data.diagnostics).toEqual({ mxHostSuffixes: ['example-hosting.net'], networks: ['192.0.2.0/24', '2001:db8::/32', '198.51.100.7'] });
  });

  test('a bad network or suffix names the field', () => {
    expect(() => parseKnowledgeBase({ ...defaultKbJson(), diagnostics: { networks: ['192.0.2.0/40'] } }, 'test')).toThrow(KnowledgeBaseError);
    expect(() => parseKnowledgeBase({ ...defaultKbJson(), diagnostics: { networks: ['192.0.2.0/40'] } }, 'test')).toThrow(/diagnostics\.networks\[0\]: a network in CIDR form/);
    expect(() => parseKnowledgeBase({ ...defaultKbJson(), diagnostics: { mxHostSuffixes: ['not a host'] } }, 'test')).toThrow(/diagnostics\.mxHostSuffixes\[0\]: a host-name suffix/);
    expect(() => parseKnowledgeBase({ ...defaultKbJson(), diagnostics: { ports: [25] } }, 'test')).toThrow(/diagnostics/);
  });
});
