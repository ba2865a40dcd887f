import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import type { DiagnosticsConfig } from '../diagnostics/settings';
import { parseNetwork } from '../lib/ip-network';
import type { EnvReader } from './env';

/** Reads the diagnostics variables; every bad value is recorded in `read.problems` with the fix. */
export function readDiagnosticsSettings(read: EnvReader): DiagnosticsConfig {
  const config: DiagnosticsConfig = {
    enabled: read.flag('DIAGNOSTICS_ENABLED', true),
    allowedNetworks: readNetworks(read),
    allowLoopback: read.flag('DIAGNOSTICS_ALLOW_LOOPBACK', false),
    dnsServers: readDnsServers(read),
  };
  const caFile = read.raw('DIAGNOSTICS_CA_FILE');
  if (caFile !== undefined) {
    config.caFile = path.resolve(caFile);
    config.ca = readCa(read, config.caFile);
  }
  return config;
}

/** Settings that do not stop start-up but must not go unnoticed. */
export function diagnosticsWarnings(config: DiagnosticsConfig): string[] {
  return config.allowLoopback
    ? ['DIAGNOSTICS_ALLOW_LOOPBACK=true lets domain checks connect to this machine (127.0.0.0/8, ::1): it is for tests only; unset it in production.']
    : [];
}

function readNetworks(read: EnvReader): string[] {
  const value = read.raw('DIAGNOSTICS_ALLOWED_NETWORKS');
  if (value === undefined) return [];
  const networks: string[] = [];
  for (const item of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    try {
      parseNetwork(item);
      networks.push(item);
    } catch (error) {
      read.problems.push(`DIAGNOSTICS_ALLOWED_NETWORKS: ${(error as Error).message}: give comma-separated networks such as 192.0.2.0/24,2001:db8::/32, or unset it to allow any public address.`);
    }
  }
  return networks;
}

/** "192.0.2.53", "192.0.2.53:5353", "2001:db8::53" or "[2001:db8::53]:5353"; host names are refused (they would need a resolver themselves). */
function readDnsServers(read: EnvReader): string[] | undefined {
  const value = read.raw('DNS_SERVERS');
  if (value === undefined) return undefined;
  const servers: string[] = [];
  for (const item of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const server = parseDnsServer(item);
    if (server) servers.push(server);
    else read.problems.push(`DNS_SERVERS: "${item}" is not a resolver address: give IP[:port] items separated by commas, e.g. 192.0.2.53,[2001:db8::53]:53, or unset it to use the system's resolvers.`);
  }
  return servers.length ? servers : undefined;
}

function parseDnsServer(item: string): string | undefined {
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(item);
  const v4 = /^([\d.]+)(?::(\d{1,5}))?$/.exec(item);
  const [host, port] = bracketed ? [bracketed[1], bracketed[2]] : v4 ? [v4[1], v4[2]] : [item, undefined];
  const family = isIP(host);
  if (family === 0 || (family === 4 && bracketed)) return undefined;
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return undefined;
  if (port === undefined) return host;
  return family === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

function readCa(read: EnvReader, file: string): string | undefined {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    read.problems.push(`DIAGNOSTICS_CA_FILE="${file}" cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): point it to a PEM file of the CA certificate to trust, or unset it.`);
    return undefined;
  }
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  try {
    if (!blocks.length) throw new Error('no certificate');
    for (const block of blocks) new X509Certificate(block);
  } catch {
    read.problems.push(`DIAGNOSTICS_CA_FILE="${file}" holds no valid PEM certificate: give a file with "-----BEGIN CERTIFICATE-----" blocks, or unset it.`);
    return undefined;
  }
  return blocks.join('\n');
}
