import net from 'node:net';
import { AddressGuard, type AddressGuardOptions } from '../../../src/diagnostics/address-guard';
import type { CheckDomainDeps } from '../../../src/diagnostics/check-domain';
import { describeChecks } from '../../../src/diagnostics/describe';
import { openTcp, type SocketOpener } from '../../../src/diagnostics/probe';
import type { DomainReport } from '../../../src/diagnostics/report';
import { Translations } from '../../../src/i18n';
import { parseKnowledgeBase } from '../../../src/knowledge/load';
import type { KnowledgeBase } from '../../../src/knowledge/settings';
import { defaultKbJson } from '../../fixtures/kb';

export { createTestCa, daysFromNow, selfSigned, type KeyAndCert, type TestCa } from './certificates';
export { TestDnsServer, type Zone } from './dns-server';
export { closedPort, TestMailServer } from './mail-servers';

/** Fast budgets for tests: a silent server costs one probe time-out, not five seconds. */
export const TEST_TIMEOUTS = { dnsMs: 1000, probeMs: 1000, totalMs: 4000 };

function isLoopback(address: string): boolean {
  return (net.isIPv4(address) && address.startsWith('127.')) || address === '::1';
}

/**
 * Every connection attempt a check makes, as "address:port", before it is made. An address
 * outside loopback is recorded and refused here too (the tests never send a packet off this
 * machine, even if the guard were broken); the assertions then catch it.
 */
export function recordingOpener(): { open: SocketOpener; attempts: string[] } {
  const attempts: string[] = [];
  const open: SocketOpener = (address, port) => {
    attempts.push(`${address}:${port}`);
    if (!isLoopback(address)) throw new Error(`test harness: refusing to connect to ${address}, outside loopback`);
    return openTcp(address, port);
  };
  return { open, attempts };
}

export interface TestPorts {
  imap: number;
  pop3: number;
  smtp: number;
  /** An extra SMTP service on STARTTLS (an `alternative`, like 587). */
  submission?: number;
}

/** The default knowledge base with its ports moved to the test servers' (and optionally a `diagnostics` section). */
export function testKnowledgeBase(ports: TestPorts, diagnostics?: { mxHostSuffixes?: string[]; networks?: string[] }): KnowledgeBase {
  const json = defaultKbJson();
  for (const service of json.services) service.port = ports[service.protocol as 'imap' | 'pop3' | 'smtp'];
  if (ports.submission) {
    json.services.push({ protocol: 'smtp', host: 'mail.{domain}', port: ports.submission, security: 'starttls', authentication: 'password-cleartext', alternative: true });
  }
  if (diagnostics) json.diagnostics = diagnostics;
  return parseKnowledgeBase(json, 'test knowledge base');
}

export interface TestDepsOptions {
  ports: TestPorts;
  dnsAddress: string;
  ca?: string;
  guard?: AddressGuardOptions;
  kbDiagnostics?: { mxHostSuffixes?: string[]; networks?: string[] };
}

/** Dependencies of a check aimed at the test DNS server and loopback servers, with every connection recorded. */
export function testDeps(options: TestDepsOptions): { deps: CheckDomainDeps; attempts: string[] } {
  const { open, attempts } = recordingOpener();
  return {
    attempts,
    deps: {
      kb: testKnowledgeBase(options.ports, options.kbDiagnostics),
      guard: new AddressGuard(options.guard ?? { allowLoopback: true }),
      dnsServers: [options.dnsAddress],
      ca: options.ca,
      openSocket: open,
      timeouts: TEST_TIMEOUTS,
    },
  };
}

const translations = new Translations();

/** The report's lines in both languages, keyed by check id. */
export function linesOf(report: DomainReport): { en: Record<string, string>; fr: Record<string, string>; status: Record<string, string> } {
  const table = (lang: 'en' | 'fr') => Object.fromEntries(describeChecks(report, translations.forLang(lang)).map((c) => [c.id, c.text]));
  return { en: table('en'), fr: table('fr'), status: Object.fromEntries(report.checks.map((c) => [c.id, c.status])) };
}

/** French typography in expected strings: write "a : b" and "a ; b ?" plainly, get the no-break spaces. */
export function fr(text: string): string {
  return text.replace(/ :(?=\s|$)/g, '\u00a0:').replace(/ ([;?!])/g, '\u202f$1').replace(/« /g, '«\u202f').replace(/ »/g, '\u202f»');
}
