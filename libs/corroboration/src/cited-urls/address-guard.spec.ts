import { Forbidden } from '@claimtrail/errors';
import { addressCheck, refusalReason, resolveCheckedAddress } from './address-guard';

describe('refusalReason', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['169.254.0.1', 'linkLocal'],
    ['0.0.0.0', 'unspecified'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['224.0.0.251', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'linkLocal'],
    ['64:ff9b::a00:1', 'private'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'linkLocal'],
    ['64:ff9b:1::a00:1', 'rfc6052'],
    ['2002:7f00:1::', '6to4'],
    // Issue 13, finding 7: IPv4-compatible IPv6 (::/96) reached loopback.
    ['::7f00:1', 'ipv4Compatible'],
    ['::127.0.0.1', 'loopback'], // ipaddr.js reads ::a.b.c.d as IPv4-mapped: judged as 127.0.0.1
    ['::a9fe:a9fe', 'ipv4Compatible'],
    ['::808:808', 'ipv4Compatible'],
    ['::ffff:0:7f00:1', 'rfc6145'],
    ['100::1', 'discard'],
    ['2001::1', 'teredo'],
    ['2001:db8::1', 'reserved'],
    ['2001:2::1', 'benchmarking'],
    ['2001:10::1', 'deprecatedOrchid'],
    ['2001:20::1', 'orchid2'],
    ['fec0::1', 'deprecatedSiteLocal'],
    ['3fff::1', 'reserved'],
    ['5f00::1', 'segmentRouting'],
    ['4000::1', 'unassigned'],
    ['192.0.0.8', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['198.51.100.1', 'reserved'],
    ['203.0.113.1', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['192.88.99.1', 'reserved'],
    ['192.175.48.1', 'as112'],
    ['192.52.193.1', 'amt'],
  ])('refuses %s (%s)', (address, range) => {
    expect(refusalReason(address)).toBe(`${address} is a ${range} address`);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '100.128.0.1',
    '2a00:1450:4009:81f::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
  ])('allows the public address %s', (address) => {
    expect(refusalReason(address)).toBeNull();
  });

  it('refuses what is not an address', () => {
    expect(refusalReason('example.com')).toMatch(/not an IP address/);
  });

  it('lets everything through only when private addresses are explicitly allowed', () => {
    expect(addressCheck(true)('127.0.0.1')).toBeNull();
    expect(addressCheck(false)('127.0.0.1')).toMatch(/loopback/);
  });
});

describe('addressCheck with exceptions (a test receiver on one address)', () => {
  const check = addressCheck(false, ['127.0.0.1', '10.9.0.0/16']);

  it('lets the listed addresses and ranges through, mapped IPv6 forms included', () => {
    expect(check('127.0.0.1')).toBeNull();
    expect(check('::ffff:127.0.0.1')).toBeNull();
    expect(check('10.9.3.4')).toBeNull();
  });

  it('still refuses every other private or special address', () => {
    expect(check('127.0.0.2')).toMatch(/loopback/);
    expect(check('::1')).toMatch(/loopback/);
    expect(check('10.1.2.3')).toMatch(/private/);
    expect(check('169.254.169.254')).toMatch(/linkLocal/);
    expect(check('not an address')).toMatch(/not an IP address/);
    expect(check('8.8.8.8')).toBeNull();
  });
});

describe('resolveCheckedAddress', () => {
  const fakeDns = (answers: Record<string, string[]>) =>
    ((
      host: string,
      _options: unknown,
      callback: (error: Error | null, addresses: { address: string; family: number }[]) => void,
    ) => {
      const found = answers[host];
      if (!found) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' }), []);
      callback(
        null,
        found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
      );
    }) as Parameters<typeof resolveCheckedAddress>[2];

  it('refuses localhost, resolved by the real resolver', async () => {
    await expect(resolveCheckedAddress('localhost', refusalReason)).rejects.toThrow(/loopback/);
    await expect(resolveCheckedAddress('localhost', refusalReason)).rejects.toBeInstanceOf(Forbidden);
  });

  it('refuses IP literals in their own class, brackets and all', async () => {
    await expect(resolveCheckedAddress('[::1]', refusalReason)).rejects.toThrow('::1 is a loopback address');
    await expect(resolveCheckedAddress('169.254.169.254', refusalReason)).rejects.toThrow(/linkLocal/);
  });

  it('refuses a name with any private address among public ones', async () => {
    const lookup = fakeDns({ 'mixed.example': ['93.184.216.34', '10.0.0.5'] });
    await expect(resolveCheckedAddress('mixed.example', refusalReason, lookup)).rejects.toThrow(
      /10\.0\.0\.5 is a private/,
    );
  });

  it('refuses a name resolving to a mapped loopback address', async () => {
    const lookup = fakeDns({ 'sneaky.example': ['::ffff:127.0.0.1'] });
    await expect(resolveCheckedAddress('sneaky.example', refusalReason, lookup)).rejects.toThrow(/loopback/);
  });

  it('returns the address to pin for a public name', async () => {
    const lookup = fakeDns({ 'news.example': ['93.184.216.34', '2606:2800:220:1::'] });
    await expect(resolveCheckedAddress('news.example', refusalReason, lookup)).resolves.toEqual({
      address: '93.184.216.34',
      family: 4,
    });
  });

  it('passes DNS failures through', async () => {
    await expect(resolveCheckedAddress('nowhere.example', refusalReason, fakeDns({}))).rejects.toThrow(/ENOTFOUND/);
  });
});
