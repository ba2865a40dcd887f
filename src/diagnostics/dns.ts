import { promises as dns } from 'node:dns';

/** What one DNS question got: records, the name does not exist, it exists without such records, or no usable answer. */
export type DnsAnswer<T> =
  | { kind: 'found'; records: T[] }
  | { kind: 'nxdomain' }
  | { kind: 'nodata' }
  | { kind: 'error'; code: string };

export interface DnsClientOptions {
  /** Resolvers (IP[:port]); the system's when absent. */
  servers?: readonly string[];
  /** Longest wait for one question, all retries included, in milliseconds. */
  timeoutMs: number;
}

/** A name's A and AAAA answers together. */
export type AddressAnswer =
  | { kind: 'found'; v4: string[]; v6: string[] }
  | { kind: 'nxdomain' }
  | { kind: 'nodata' }
  | { kind: 'error'; code: string };

/**
 * Node's own resolver (c-ares), one instance per domain check so that `close()` cancels only
 * that check's questions. It asks the configured servers directly: /etc/hosts plays no part,
 * so "localhost"-like entries on this machine cannot be reached through a customer's domain.
 */
export class DnsClient {
  private readonly resolver: dns.Resolver;
  private closed = false;

  constructor(private readonly options: DnsClientOptions) {
    // Two tries within the budget: one lost UDP packet should not fail a check.
    this.resolver = new dns.Resolver({ timeout: Math.max(50, Math.floor(options.timeoutMs / 2.5)), tries: 2 });
    if (options.servers?.length) this.resolver.setServers([...options.servers]);
  }

  mx(name: string): Promise<DnsAnswer<{ exchange: string; priority: number }>> {
    return this.ask(() => this.resolver.resolveMx(name));
  }

  srv(name: string): Promise<DnsAnswer<{ name: string; port: number; priority: number; weight: number }>> {
    return this.ask(() => this.resolver.resolveSrv(name));
  }

  cname(name: string): Promise<DnsAnswer<string>> {
    return this.ask(() => this.resolver.resolveCname(name));
  }

  /** A and AAAA asked together: found when either has records; an error only when neither answered. */
  async addresses(name: string): Promise<AddressAnswer> {
    const [v4, v6] = await Promise.all([this.ask(() => this.resolver.resolve4(name)), this.ask(() => this.resolver.resolve6(name))]);
    if (v4.kind === 'found' || v6.kind === 'found') {
      return { kind: 'found', v4: v4.kind === 'found' ? v4.records : [], v6: v6.kind === 'found' ? v6.records : [] };
    }
    if (v4.kind === 'error' && v6.kind === 'error') return v4;
    if (v4.kind === 'nxdomain' || v6.kind === 'nxdomain') return { kind: 'nxdomain' };
    if (v4.kind === 'error') return v4;
    if (v6.kind === 'error') return v6;
    return { kind: 'nodata' };
  }

  /** Whether a name exists as an address or an alias (autoconfig.example.com is often a CNAME). */
  async exists(name: string): Promise<'found' | 'missing' | 'error'> {
    const [addresses, alias] = await Promise.all([this.addresses(name), this.cname(name)]);
    if (addresses.kind === 'found' || alias.kind === 'found') return 'found';
    if (addresses.kind === 'error' && alias.kind === 'error') return 'error';
    return 'missing';
  }

  /** Cancels every question still in flight (they resolve as errors). */
  close(): void {
    this.closed = true;
    this.resolver.cancel();
  }

  private async ask<T>(question: () => Promise<T[]>): Promise<DnsAnswer<T>> {
    if (this.closed) return { kind: 'error', code: 'ECANCELLED' };
    let timer: NodeJS.Timeout | undefined;
    // c-ares's own time-out grows between tries; this deadline keeps each question within budget.
    const deadline = new Promise<DnsAnswer<T>>((resolve) => {
      timer = setTimeout(() => resolve({ kind: 'error', code: 'ETIMEOUT' }), this.options.timeoutMs);
    });
    const answer = question().then(
      (records): DnsAnswer<T> => (records.length ? { kind: 'found', records } : { kind: 'nodata' }),
      (error: NodeJS.ErrnoException): DnsAnswer<T> => {
        if (error.code === 'ENOTFOUND') return { kind: 'nxdomain' };
        if (error.code === 'ENODATA') return { kind: 'nodata' };
        return { kind: 'error', code: error.code ?? 'EUNKNOWN' };
      },
    );
    try {
      return await Promise.race([answer, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }
}
