/**
 * The domain check: DNS, ports, certificates and greetings of a customer's domain, explained
 * in plain words. The chat and the CLI use only what is exported here.
 */
import type { KnowledgeBase } from '../knowledge/settings';
import type { Logger } from '../logger';
import { AddressGuard } from './address-guard';
import { checkDomain, type CheckDomainDeps } from './check-domain';
import { DiagnosticsService, type DiagnosticsServiceOptions } from './service';
import type { DiagnosticsConfig } from './settings';

export { AddressGuard, REFUSED_RANGES, type AddressVerdict, type RefusedRange } from './address-guard';
export { checkDomain, DEFAULT_TIMEOUTS, InvalidTargetError, serviceTargets, type CheckDomainDeps, type CheckTimeouts } from './check-domain';
export { checkSentence, describeChecks, diagnosticsReply, STATUS_ICONS, type DiagnosticsOutcome } from './describe';
export { openTcp, type ServiceTarget, type SocketOpener } from './probe';
export { overallStatus, type CheckResult, type CheckStatus, type DomainReport } from './report';
export {
  DEFAULT_USER_LIMIT,
  DEFAULT_USER_WINDOW_MS,
  DiagnosticsService,
  LocalConcurrencyGate,
  MemoryCheckRateLimit,
  MemoryReportCache,
  type CheckRateLimit,
  type CheckRequest,
  type ConcurrencyGate,
  type ReportCache,
} from './service';
export type { DiagnosticsConfig } from './settings';
export { parseTarget, type ParsedTarget, type TargetProblem } from './target';

/** The dependencies of `checkDomain` as the configuration describes them. */
export function checkDependencies(config: DiagnosticsConfig, kb: KnowledgeBase, overrides: Partial<CheckDomainDeps> = {}): CheckDomainDeps {
  return {
    kb,
    guard: new AddressGuard({ allowedNetworks: config.allowedNetworks, allowLoopback: config.allowLoopback }),
    dnsServers: config.dnsServers,
    ca: config.ca,
    ...overrides,
  };
}

/** The service the chat integration and the CLI call, wired from the configuration. */
export function createDiagnostics(
  config: DiagnosticsConfig,
  kb: KnowledgeBase,
  logger: Logger,
  overrides: { deps?: Partial<CheckDomainDeps>; service?: Partial<DiagnosticsServiceOptions> } = {},
): DiagnosticsService {
  const deps = checkDependencies(config, kb, overrides.deps);
  return new DiagnosticsService({ enabled: config.enabled, check: (domain) => checkDomain(domain, deps), logger, ...overrides.service });
}
