import { randomBytes } from 'node:crypto';
import type { Protocol } from '../domain';
import type { KnowledgeBase } from '../knowledge/settings';
import { type AddressGuard, type AddressVerdict, networkContains, parseNetwork } from './address-guard';
import { type AddressAnswer, DnsClient } from './dns';
import { hasSuffix, mailProviderOf } from './mail-providers';
import { openTcp, PROTOCOL_NAMES, probeService, type ServiceTarget, type SocketOpener } from './probe';
import type { CheckResult, DomainReport } from './report';
import { parseTarget } from './target';

/** Time budgets, in milliseconds. DNS and then a probe must fit in the total. */
export interface CheckTimeouts {
  /** One DNS question, retries included. */
  dnsMs: number;
  /** One port: connect, TLS, greeting, EHLO. */
  probeMs: number;
  /** The whole check: lines still running then are reported as timed out. */
  totalMs: number;
}

export const DEFAULT_TIMEOUTS: CheckTimeouts = { dnsMs: 4000, probeMs: 5000, totalMs: 10000 };

/** What a check needs from outside; everything that touches the network is here, so tests can aim it at loopback. */
export interface CheckDomainDeps {
  kb: KnowledgeBase;
  guard: AddressGuard;
  /** Resolvers (IP[:port]); the system's when absent. */
  dnsServers?: readonly string[];
  /** PEM of extra CA certificates to trust. */
  ca?: string;
  openSocket?: SocketOpener;
  timeouts?: Partial<CheckTimeouts>;
  now?: () => number;
}

/** A domain the check refuses to look at (an IP address, a URL, a port…); callers validate with `parseTarget` first. */
export class InvalidTargetError extends Error {
  constructor(readonly problem: string) {
    super(`not a domain to check (${problem})`);
    this.name = 'InvalidTargetError';
  }
}

/** A host name resolved once per check, and what the guard made of its addresses. */
type HostAddresses =
  | { kind: 'usable'; address: string; all: string[] }
  | { kind: 'refused'; verdict: Extract<AddressVerdict, { allowed: false }>; all: string[] }
  | { kind: 'nxdomain' | 'nodata' | 'error' };

const SRV_SERVICES: ReadonlyArray<{ label: string; protocol: Protocol }> = [
  { label: '_imaps._tcp', protocol: 'imap' },
  { label: '_pop3s._tcp', protocol: 'pop3' },
  { label: '_submissions._tcp', protocol: 'smtp' },
];

/** The ports to probe: every service of the knowledge base for this domain, once per host and port. */
export function serviceTargets(kb: KnowledgeBase, domain: string): ServiceTarget[] {
  const targets: ServiceTarget[] = [];
  const seen = new Set<string>();
  const ordered = [...kb.data.services].sort((a, b) => Number(a.alternative) - Number(b.alternative));
  for (const service of ordered) {
    const host = service.host.replace(/\{domain\}/g, domain).toLowerCase();
    if (seen.has(`${host}:${service.port}`)) continue;
    seen.add(`${host}:${service.port}`);
    const implicit = service.security === 'ssl';
    const name = { imap: implicit ? 'imaps' : 'imap', pop3: implicit ? 'pop3s' : 'pop3', smtp: implicit ? 'smtps' : 'submission' }[service.protocol];
    const id = targets.some((t) => t.id === name) ? `${name}_${service.port}` : name;
    targets.push({ id, protocol: service.protocol, host, port: service.port, security: service.security });
  }
  return targets;
}

/**
 * Checks a customer's domain: MX, the mail host's addresses, automatic-setup names and SRV
 * records, then every mail port the knowledge base declares, all in parallel within
 * `timeouts.totalMs`. Never throws for what the network does; every finding is a line.
 * Each host name is resolved once, and probes connect only to addresses the guard approved.
 */
export async function checkDomain(domain: string, deps: CheckDomainDeps): Promise<DomainReport> {
  const parsed = parseTarget(domain);
  if (!parsed.ok || parsed.domain !== domain) throw new InvalidTargetError(parsed.ok ? 'not in canonical form' : parsed.problem);
  const now = deps.now ?? Date.now;
  const started = now();
  const timeouts = { ...DEFAULT_TIMEOUTS, ...deps.timeouts };
  const dns = new DnsClient({ servers: deps.dnsServers, timeoutMs: timeouts.dnsMs });
  const aborter = new AbortController();
  const targets = serviceTargets(deps.kb, domain);
  const mailHost = targets[0].host;
  const kbNetworks = (deps.kb.data.diagnostics?.networks ?? []).map(parseNetwork);
  const mxSuffixes = deps.kb.data.diagnostics?.mxHostSuffixes ?? [];

  // One answer per host name for the whole check: a name asked twice could answer differently (DNS rebinding).
  const hostAnswers = new Map<string, Promise<AddressAnswer>>();
  const addressesOf = (host: string): Promise<AddressAnswer> => {
    let answer = hostAnswers.get(host);
    if (!answer) {
      answer = dns.addresses(host);
      hostAnswers.set(host, answer);
    }
    return answer;
  };
  const usable = async (host: string): Promise<HostAddresses> => {
    const answer = await addressesOf(host);
    if (answer.kind !== 'found') return { kind: answer.kind };
    const all = [...answer.v4, ...answer.v6];
    const verdicts = all.map((a) => deps.guard.check(a));
    // One bad address spoils the name: a mail app could pick it, and a mixed answer is how rebinding starts.
    const refused = verdicts.find((v): v is Extract<AddressVerdict, { allowed: false }> => !v.allowed);
    if (refused) return { kind: 'refused', verdict: refused, all };
    return { kind: 'usable', address: (verdicts[0] as Extract<AddressVerdict, { allowed: true }>).address, all };
  };

  const checkMx = async (): Promise<CheckResult> => {
    const result = (status: CheckResult['status'], code: string, params: CheckResult['params'] = {}): CheckResult => ({ id: 'mx', status, code: `mx.${code}`, params: { domain, expected: mailHost, ...params } });
    const answer = await dns.mx(domain);
    if (answer.kind === 'nxdomain') return result('fail', 'domain_not_found');
    if (answer.kind === 'nodata') return result('fail', 'none');
    if (answer.kind === 'error') return result('warn', 'dns_error');
    const records = [...answer.records].sort((a, b) => a.priority - b.priority).map((r) => ({ ...r, exchange: r.exchange.toLowerCase().replace(/\.$/, '') }));
    // RFC 7505 "null MX": the domain says it receives no mail at all.
    if (records.every((r) => r.exchange === '')) return result('fail', 'null');
    const ours = await Promise.all(records.map((r) => isOurs(r.exchange)));
    const others = records.filter((_, i) => !ours[i]).map((r) => r.exchange);
    if (others.length === 0) return result('ok', 'here', { exchange: records[0].exchange });
    if (others.length < records.length) return result('warn', 'mixed', { other: others[0] });
    const providers = new Set(others.map((host) => mailProviderOf(host)));
    const provider = providers.size === 1 ? [...providers][0] : undefined;
    if (provider) return result('warn', 'provider', { provider, exchange: others[0] });
    return result('warn', 'elsewhere', { exchange: others[0] });
  };

  /** An MX host is ours when it is one of our host names for this domain, under one of our suffixes, or inside our networks. */
  const isOurs = async (exchange: string): Promise<boolean> => {
    if (targets.some((t) => t.host === exchange)) return true;
    if (mxSuffixes.some((suffix) => hasSuffix(exchange, suffix))) return true;
    if (!kbNetworks.length) return false;
    // Resolving a name is harmless (nothing connects to it): only the probes' addresses go through the guard.
    const answer = await addressesOf(exchange);
    if (answer.kind !== 'found') return false;
    return [...answer.v4, ...answer.v6].some((a) => kbNetworks.some((n) => networkContains(n, a)));
  };

  const checkMailHost = async (): Promise<CheckResult> => {
    const result = (status: CheckResult['status'], code: string, params: CheckResult['params'] = {}): CheckResult => ({ id: 'mail_host', status, code: `mail_host.${code}`, params: { host: mailHost, ...params } });
    const host = await usable(mailHost);
    if (host.kind === 'usable') return result('ok', 'ok', { addresses: host.all.join(', ') });
    if (host.kind === 'refused') {
      const { address, range } = host.verdict;
      return range === 'not_allowed' ? result('fail', 'not_allowed', { address }) : result('fail', 'refused', { address, range });
    }
    if (host.kind === 'nxdomain') return result('fail', 'not_found');
    if (host.kind === 'nodata') return result('fail', 'no_address');
    return result('warn', 'dns_error');
  };

  const checkAutoconfig = async (): Promise<CheckResult> => {
    const name = `autoconfig.${domain}`;
    const found = await dns.exists(name);
    if (found === 'found') return { id: 'autoconfig', status: 'ok', code: 'autoconfig.found', params: { name } };
    return { id: 'autoconfig', status: 'warn', code: found === 'missing' ? 'autoconfig.missing' : 'autoconfig.dns_error', params: { name } };
  };

  const checkAutodiscover = async (): Promise<CheckResult> => {
    const name = `autodiscover.${domain}`;
    const srvName = `_autodiscover._tcp.${domain}`;
    const [found, srv] = await Promise.all([dns.exists(name), dns.srv(srvName)]);
    if (found === 'found') return { id: 'autodiscover', status: 'ok', code: 'autodiscover.found', params: { name } };
    if (srv.kind === 'found' && srv.records[0].name) {
      const target = `${srv.records[0].name.replace(/\.$/, '')}:${srv.records[0].port}`;
      return { id: 'autodiscover', status: 'ok', code: 'autodiscover.found_srv', params: { name: srvName, target } };
    }
    const failed = found === 'error' && srv.kind === 'error';
    return { id: 'autodiscover', status: 'warn', code: failed ? 'autodiscover.dns_error' : 'autodiscover.missing', params: { name } };
  };

  const checkSrv = async (): Promise<CheckResult> => {
    const answers = await Promise.all(SRV_SERVICES.map((s) => dns.srv(`${s.label}.${domain}`)));
    const found: string[] = [];
    for (const [i, answer] of answers.entries()) {
      if (answer.kind !== 'found') continue;
      const { label, protocol } = SRV_SERVICES[i];
      const record = answer.records.sort((a, b) => a.priority - b.priority)[0];
      // A target of "." means "not offered here" (RFC 2782).
      const target = record.name.replace(/\.$/, '').toLowerCase() || '.';
      const shown = `${label}.${domain} → ${target === '.' ? '.' : `${target}:${record.port}`}`;
      const expected = targets.find((t) => t.protocol === protocol && t.security === 'ssl');
      if (expected && (target !== expected.host || record.port !== expected.port)) {
        return { id: 'srv', status: 'warn', code: 'srv.mismatch', params: { record: shown, expected: `${expected.host}:${expected.port}` } };
      }
      found.push(shown);
    }
    if (found.length) return { id: 'srv', status: 'ok', code: 'srv.found', params: { records: found.join(', ') } };
    if (answers.every((a) => a.kind === 'error')) return { id: 'srv', status: 'warn', code: 'srv.dns_error', params: { domain } };
    return { id: 'srv', status: 'ok', code: 'srv.none', params: { domain } };
  };

  const checkPort = async (target: ServiceTarget): Promise<CheckResult> => {
    const host = await usable(target.host);
    const params = { port: target.port, protocol: PROTOCOL_NAMES[target.protocol], host: target.host };
    if (host.kind === 'usable') {
      return probeService(target, host.address, { timeoutMs: timeouts.probeMs, ca: deps.ca, openSocket: deps.openSocket ?? openTcp, signal: aborter.signal, now });
    }
    const code = host.kind === 'refused' ? 'skipped_refused' : host.kind === 'nxdomain' ? 'skipped_not_found' : 'skipped_no_address';
    return { id: target.id, status: 'skipped', code: `port.${code}`, params };
  };

  const lines: Array<{ id: string; run: () => Promise<CheckResult> }> = [
    { id: 'mx', run: checkMx },
    { id: 'mail_host', run: checkMailHost },
    { id: 'autoconfig', run: checkAutoconfig },
    { id: 'autodiscover', run: checkAutodiscover },
    { id: 'srv', run: checkSrv },
    ...targets.map((t) => ({ id: t.id, run: () => checkPort(t) })),
  ];
  const results: Array<CheckResult | undefined> = lines.map(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      Promise.all(lines.map((line, i) => line.run().then((r) => (results[i] = r)))),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, timeouts.totalMs))),
    ]);
  } finally {
    clearTimeout(timer);
    aborter.abort();
    dns.close();
  }
  return {
    domain,
    reference: randomBytes(4).toString('hex').toUpperCase(),
    checkedAt: new Date(started).toISOString(),
    durationMs: Math.max(0, Math.round(now() - started)),
    checks: results.map((r, i) => r ?? { id: lines[i].id, status: 'warn', code: 'common.timeout', params: { domain } }),
  };
}
