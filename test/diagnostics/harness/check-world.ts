import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkDomain } from '../../../src/diagnostics/check-domain';
import { DiagnosticsService, type DiagnosticsServiceOptions } from '../../../src/diagnostics/service';
import type { KnowledgeBase } from '../../../src/knowledge/settings';
import { silentLogger } from '../../../src/logger';
import { createTestCa, type TestCa } from './certificates';
import { TestDnsServer } from './dns-server';
import { TestMailServer } from './mail-servers';
import { testDeps, testKnowledgeBase } from './index';

/**
 * The domains a chat test can ask to check, served by a loopback DNS server and mail servers:
 *   good.test      everything right (MX, mail host, autoconfig, autodiscover, three TLS ports)
 *   broken.test    no MX record (a fail with its fix); the rest right
 *   private.test   its mail host points to 10.0.0.1: refused, never connected to
 *   metadata.test  its mail host points to the cloud metadata address: refused, never connected to
 */
export class CheckWorld {
  private constructor(
    readonly ca: TestCa,
    readonly dns: TestDnsServer,
    readonly servers: TestMailServer[],
    readonly kb: KnowledgeBase,
  ) {}

  static async start(): Promise<CheckWorld> {
    const ca = createTestCa();
    const certificate = ca.issue({ hosts: ['mail.good.test', 'mail.broken.test'] });
    const servers = [
      await TestMailServer.start({ protocol: 'imap', mode: 'tls', certificate }),
      await TestMailServer.start({ protocol: 'pop3', mode: 'tls', certificate }),
      await TestMailServer.start({ protocol: 'smtp', mode: 'tls', certificate }),
    ];
    const dns = await TestDnsServer.start({
      'good.test': { MX: [[10, 'mail.good.test']] },
      'mail.good.test': { A: ['127.0.0.1'] },
      'autoconfig.good.test': { CNAME: 'mail.good.test' },
      'autodiscover.good.test': { A: ['127.0.0.1'] },
      'broken.test': { A: ['127.0.0.1'] },
      'mail.broken.test': { A: ['127.0.0.1'] },
      'autoconfig.broken.test': { CNAME: 'mail.broken.test' },
      'autodiscover.broken.test': { A: ['127.0.0.1'] },
      'private.test': { MX: [[10, 'mail.private.test']] },
      'mail.private.test': { A: ['10.0.0.1'] },
      'metadata.test': { MX: [[10, 'mail.metadata.test']] },
      'mail.metadata.test': { A: ['169.254.169.254'] },
    });
    const kb = testKnowledgeBase({ imap: servers[0].port, pop3: servers[1].port, smtp: servers[2].port });
    return new CheckWorld(ca, dns, servers, kb);
  }

  /** TCP connections the mail servers accepted, all together. */
  get connections(): number {
    return this.servers.reduce((sum, server) => sum + server.connections, 0);
  }

  /**
   * A DiagnosticsService aimed at this world (loopback allowed, short time-outs), with every
   * connection attempt recorded in `attempts` ("address:port") before it is made.
   */
  diagnostics(options: Partial<DiagnosticsServiceOptions> = {}): { service: DiagnosticsService; attempts: string[] } {
    const { deps, attempts } = testDeps({ ports: this.ports, dnsAddress: this.dns.address, ca: this.ca.certPem });
    const service = new DiagnosticsService({ enabled: true, check: (domain) => checkDomain(domain, deps), logger: silentLogger(), ...options });
    return { service, attempts };
  }

  /** The variables that point a whole bot (the app, `ask`) at this world, as an operator would set them. */
  environment(): Record<string, string> {
    const dir = mkdtempSync(path.join(tmpdir(), 'check-world-'));
    writeFileSync(path.join(dir, 'ca.pem'), this.ca.certPem);
    writeFileSync(path.join(dir, 'kb.json'), JSON.stringify(this.kb.data));
    return {
      DNS_SERVERS: this.dns.address,
      DIAGNOSTICS_ALLOW_LOOPBACK: 'true',
      DIAGNOSTICS_CA_FILE: path.join(dir, 'ca.pem'),
      KNOWLEDGE_BASE_FILE: path.join(dir, 'kb.json'),
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.servers.map((server) => server.close()));
    await this.dns.close();
  }

  private get ports() {
    return { imap: this.servers[0].port, pop3: this.servers[1].port, smtp: this.servers[2].port };
  }
}
