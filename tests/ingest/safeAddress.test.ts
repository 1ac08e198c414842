import { describe, expect, it } from 'vitest';
import { checkAddress, STRICT_POLICY, TRUSTING_POLICY } from '../../src/ingest/safeAddress.js';

describe('checkAddress', () => {
  const refused: Array<[string, RegExp]> = [
    ['127.0.0.1', /loopback/],
    ['127.255.0.9', /loopback/],
    ['10.0.0.1', /private/],
    ['10.255.255.255', /private/],
    ['172.16.0.1', /private/],
    ['172.31.255.254', /private/],
    ['192.168.1.20', /private/],
    ['169.254.169.254', /link-local.*metadata/],
    ['169.254.0.1', /link-local/],
    ['0.0.0.0', /unspecified/],
    ['0.1.2.3', /unspecified/],
    ['100.64.0.1', /carrier-grade NAT/],
    ['100.127.255.254', /carrier-grade NAT/],
    ['::1', /loopback/],
    ['::', /unspecified/],
    ['fc00::1', /unique-local/],
    ['fd12:3456:789a::1', /unique-local/],
    ['fe80::1', /link-local/],
    ['::ffff:127.0.0.1', /loopback/],
    ['::ffff:10.1.2.3', /private/],
    ['::ffff:169.254.169.254', /link-local/],
    ['::ffff:7f00:1', /loopback/],
    ['::7f00:1', /IPv4-compatible/],
    ['64:ff9b::a00:1', /special-purpose/],
    ['224.0.0.1', /multicast/],
    ['255.255.255.255', /broadcast/],
  ];

  it.each(refused)('GIVEN the strict policy WHEN the address is %s THEN it is refused', (address, reason) => {
    const verdict = checkAddress(address, STRICT_POLICY);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.reason).toMatch(reason);
  });

  it.each(['8.8.8.8', '172.32.0.1', '172.15.255.255', '100.128.0.1', '93.184.215.14', '2606:4700:4700::1111', '::ffff:8.8.4.4'])(
    'GIVEN the strict policy WHEN the address %s is public THEN it is allowed',
    (address) => {
      expect(checkAddress(address, STRICT_POLICY).ok).toBe(true);
    },
  );

  it('GIVEN the trusting policy THEN loopback and private addresses are allowed', () => {
    for (const address of ['127.0.0.1', '::1', '10.0.0.1', '169.254.169.254']) expect(checkAddress(address, TRUSTING_POLICY).ok).toBe(true);
  });

  it('GIVEN an allow list THEN exactly the listed address passes, in any spelling, and its neighbours do not', () => {
    const policy = { allowPrivate: false, allowAddresses: ['127.0.0.1'] };
    expect(checkAddress('127.0.0.1', policy).ok).toBe(true);
    expect(checkAddress('::ffff:127.0.0.1', policy).ok).toBe(true);
    expect(checkAddress('127.0.0.2', policy).ok).toBe(false);
    expect(checkAddress('::1', policy).ok).toBe(false);
  });

  it('GIVEN something that is not an IP address THEN it is refused, whatever the policy', () => {
    expect(checkAddress('localhost', TRUSTING_POLICY).ok).toBe(false);
  });
});
