import { AddressGuard } from '../../src/diagnostics/address-guard';

const strict = new AddressGuard();

describe('address guard', () => {
  test.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.1.1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fec0::1', 'private'],
    ['::ffff:10.0.0.1', 'private'],
    ['169.254.1.1', 'link_local'],
    ['fe80::1', 'link_local'],
    ['100.64.0.1', 'shared'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'multicast'],
    ['ff02::1', 'multicast'],
    ['169.254.169.254', 'metadata'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['168.63.129.16', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['0.0.0.0', 'reserved'],
    ['::', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['64:ff9b::a00:1', 'reserved'],
    ['2002:a00:1::1', 'reserved'],
    ['2001:0:a00:1::1', 'reserved'],
    ['4000::1', 'reserved'],
    ['not an address', 'reserved'],
  ])('%s is refused as %s', (address, range) => {
    expect(strict.check(address)).toMatchObject({ allowed: false, range });
  });

  test.each([
    ['93.184.216.34', '93.184.216.34', 4],
    ['2a00:1450:4007:80e::2005', '2a00:1450:4007:80e::2005', 6],
    // An IPv4 address in IPv6 clothing is connected to as IPv4.
    ['::ffff:93.184.216.34', '93.184.216.34', 4],
  ])('%s is a public address', (text, address, family) => {
    expect(strict.check(text)).toEqual({ allowed: true, address, family });
  });

  test('loopback is allowed only when the tests ask, and nothing else with it', () => {
    const tests = new AddressGuard({ allowLoopback: true });
    expect(tests.check('127.0.0.1')).toMatchObject({ allowed: true });
    expect(tests.check('::1')).toMatchObject({ allowed: true });
    expect(tests.check('10.0.0.1')).toMatchObject({ allowed: false, range: 'private' });
    expect(tests.check('169.254.169.254')).toMatchObject({ allowed: false, range: 'metadata' });
  });

  test('allowed networks restrict probes to the operator\'s own servers', () => {
    const own = new AddressGuard({ allowedNetworks: ['93.184.216.0/24', '2a00:1450::/32'] });
    expect(own.check('93.184.216.34')).toMatchObject({ allowed: true });
    expect(own.check('2a00:1450:4007:80e::2005')).toMatchObject({ allowed: true });
    expect(own.check('93.184.217.1')).toMatchObject({ allowed: false, range: 'not_allowed' });
    expect(own.check('2a01::1')).toMatchObject({ allowed: false, range: 'not_allowed' });
    // Allowed networks never re-open a refused range.
    expect(new AddressGuard({ allowedNetworks: ['10.0.0.0/8'] }).check('10.0.0.1')).toMatchObject({ allowed: false, range: 'private' });
    expect(new AddressGuard({ allowLoopback: true, allowedNetworks: ['127.0.0.2/32'] }).check('127.0.0.1')).toMatchObject({ allowed: false, range: 'not_allowed' });
  });
});
