import dns2 from 'dns2';

const { Packet } = dns2;
/** RFC 1035 §4.1.1 (dns2 3.0's typings lack its RCODE table). */
const NXDOMAIN = 3;

/** Records of one name; A and AAAA may be a function, to answer differently from one question to the next. */
export interface ZoneEntry {
  A?: string[] | (() => string[]);
  AAAA?: string[] | (() => string[]);
  MX?: Array<[priority: number, exchange: string]>;
  SRV?: Array<{ priority?: number; weight?: number; port: number; target: string }>;
  CNAME?: string;
}

export type Zone = Record<string, ZoneEntry>;

const TYPE_NAMES: Record<number, string> = { [Packet.TYPE.A]: 'A', [Packet.TYPE.AAAA]: 'AAAA', [Packet.TYPE.MX]: 'MX', [Packet.TYPE.SRV]: 'SRV', [Packet.TYPE.CNAME]: 'CNAME' };

/**
 * An authoritative DNS server on a loopback UDP port, serving the test zones (dns2). Names not
 * in the zone answer NXDOMAIN; a name without the asked type answers NOERROR with no records.
 * TTLs are 0: nothing may be cached between two questions. Every question is recorded.
 */
export class TestDnsServer {
  readonly questions: Array<{ name: string; type: string }> = [];

  private constructor(
    private readonly server: ReturnType<typeof dns2.createServer>,
    readonly zone: Zone,
    readonly port: number,
  ) {}

  static async start(zone: Zone = {}): Promise<TestDnsServer> {
    let instance: TestDnsServer | undefined;
    const server = dns2.createServer({
      udp: true,
      handle: (request, send) => {
        void send(instance!.answer(request));
      },
    });
    const addresses = await server.listen({ udp: { port: 0, address: '127.0.0.1' } });
    instance = new TestDnsServer(server, zone, addresses.udp!.port);
    return instance;
  }

  /** What DNS_SERVERS (and CheckDomainDeps.dnsServers) must be set to. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** How many questions were asked about a name (of one type, or of any). */
  count(name: string, type?: string): number {
    return this.questions.filter((q) => q.name === name && (type === undefined || q.type === type)).length;
  }

  close(): Promise<void> {
    return this.server.close();
  }

  private answer(request: InstanceType<typeof Packet>): InstanceType<typeof Packet> {
    const response = Packet.createResponseFromRequest(request);
    const [question] = request.questions;
    const name = question.name.toLowerCase();
    const type = TYPE_NAMES[question.type] ?? String(question.type);
    this.questions.push({ name, type });
    const entry = this.zone[name];
    if (!entry) {
      response.header.rcode = NXDOMAIN;
      return response;
    }
    const base = { name: question.name, class: Packet.CLASS.IN, ttl: 0 };
    const list = (value: string[] | (() => string[]) | undefined) => (typeof value === 'function' ? value() : (value ?? []));
    if (type === 'A') for (const address of list(entry.A)) response.answers.push({ ...base, type: Packet.TYPE.A, address } as never);
    if (type === 'AAAA') for (const address of list(entry.AAAA)) response.answers.push({ ...base, type: Packet.TYPE.AAAA, address } as never);
    if (type === 'MX') for (const [priority, exchange] of entry.MX ?? []) response.answers.push({ ...base, type: Packet.TYPE.MX, priority, exchange } as never);
    if (type === 'SRV') {
      for (const srv of entry.SRV ?? []) response.answers.push({ ...base, type: Packet.TYPE.SRV, priority: srv.priority ?? 0, weight: srv.weight ?? 1, port: srv.port, target: srv.target } as never);
    }
    if (type === 'CNAME' && entry.CNAME) response.answers.push({ ...base, type: Packet.TYPE.CNAME, domain: entry.CNAME } as never);
    return response;
  }
}
