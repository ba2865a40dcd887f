/** The domain check's settings, read once from the environment by src/config/diagnostics.ts. */
export interface DiagnosticsConfig {
  /** DIAGNOSTICS_ENABLED: false turns the domain check off everywhere (chat and CLI). */
  enabled: boolean;
  /** DIAGNOSTICS_ALLOWED_NETWORKS: when non-empty, probes only connect inside these networks (CIDR). */
  allowedNetworks: string[];
  /** DIAGNOSTICS_ALLOW_LOOPBACK: tests only — lets probes connect to 127.0.0.0/8 and ::1. */
  allowLoopback: boolean;
  /** DIAGNOSTICS_CA_FILE: where the extra CA came from, and its PEM text (trusted besides Node's CA list). */
  caFile?: string;
  ca?: string;
  /** DNS_SERVERS: resolvers as Node's `Resolver.setServers` takes them ("192.0.2.53", "[2001:db8::53]:5353"); unset = the system's. */
  dnsServers?: string[];
}
