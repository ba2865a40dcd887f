import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { configProblems } from '../helpers/config-problems';
import { loadConfig } from '../../src/config';
import { createTestCa } from './harness/certificates';

const problems = configProblems;

describe('domain-check configuration', () => {
  test('defaults: on, any public address, no loopback, system resolvers', () => {
    expect(loadConfig({}).diagnostics).toEqual({ enabled: true, allowedNetworks: [], allowLoopback: false, dnsServers: undefined });
  });

  test('values are parsed and normalised', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'diag-config-'));
    const caFile = path.join(dir, 'ca.pem');
    writeFileSync(caFile, createTestCa().certPem);
    const config = loadConfig({
      DIAGNOSTICS_ENABLED: 'false',
      DIAGNOSTICS_ALLOWED_NETWORKS: '192.0.2.0/24, 2001:db8::/32,198.51.100.7',
      DIAGNOSTICS_ALLOW_LOOPBACK: 'true',
      DIAGNOSTICS_CA_FILE: caFile,
      DNS_SERVERS: '127.0.0.1:5353, ::1, [::1]:53,192.0.2.53',
    });
    expect(config.diagnostics).toMatchObject({
      enabled: false,
      allowedNetworks: ['192.0.2.0/24', '2001:db8::/32', '198.51.100.7'],
      allowLoopback: true,
      caFile,
      dnsServers: ['127.0.0.1:5353', '::1', '[::1]:53', '192.0.2.53'],
    });
    expect(config.diagnostics.ca).toContain('-----BEGIN CERTIFICATE-----');
    // Loopback is for tests: saying so at start-up keeps it from slipping into production unnoticed.
    expect(config.warnings).toEqual([expect.stringMatching(/^DIAGNOSTICS_ALLOW_LOOPBACK=true .*tests only/)]);
  });

  test('every bad value names the variable and the fix', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'diag-config-'));
    const notPem = path.join(dir, 'ca.pem');
    writeFileSync(notPem, 'hello');
    expect(problems({ DIAGNOSTICS_ENABLED: 'maybe' })).toEqual([expect.stringMatching(/^DIAGNOSTICS_ENABLED="maybe" is not valid: use true or false/)]);
    expect(problems({ DIAGNOSTICS_ALLOW_LOOPBACK: 'yes please' })).toEqual([expect.stringMatching(/^DIAGNOSTICS_ALLOW_LOOPBACK=/)]);
    expect(problems({ DIAGNOSTICS_ALLOWED_NETWORKS: '10.0.0.0/33,example.com,10.1' })).toEqual([
      expect.stringMatching(/^DIAGNOSTICS_ALLOWED_NETWORKS: "10.0.0.0\/33" has a prefix length outside 0–32: give comma-separated networks/),
      expect.stringMatching(/^DIAGNOSTICS_ALLOWED_NETWORKS: "example.com" is not an IP address/),
      expect.stringMatching(/^DIAGNOSTICS_ALLOWED_NETWORKS: "10.1" is not an IP address/),
    ]);
    expect(problems({ DNS_SERVERS: 'dns.google,1.1.1.1:99999,[1.1.1.1]:53' })).toEqual([
      expect.stringMatching(/^DNS_SERVERS: "dns.google" is not a resolver address: give IP\[:port\]/),
      expect.stringMatching(/^DNS_SERVERS: "1.1.1.1:99999"/),
      expect.stringMatching(/^DNS_SERVERS: "\[1.1.1.1\]:53"/),
    ]);
    expect(problems({ DIAGNOSTICS_CA_FILE: path.join(dir, 'missing.pem') })).toEqual([expect.stringMatching(/^DIAGNOSTICS_CA_FILE=".*missing.pem" cannot be read \(ENOENT\): point it to a PEM file/)]);
    expect(problems({ DIAGNOSTICS_CA_FILE: notPem })).toEqual([expect.stringMatching(/^DIAGNOSTICS_CA_FILE=".*" holds no valid PEM certificate/)]);
  });

  test('a misspelt DIAGNOSTICS_ variable is reported', () => {
    expect(loadConfig({ DIAGNOSTICS_ENABLE: 'false' }).warnings).toEqual([expect.stringMatching(/^DIAGNOSTICS_ENABLE is not a setting of this bot.*did you mean DIAGNOSTICS_ENABLED/)]);
  });
});
