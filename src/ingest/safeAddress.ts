import { BlockList, isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Which addresses a fetch may connect to. The Discord command uses the strict policy (a user chose the
 * URL, so it must not reach this machine, the local network or a cloud metadata service); the CLI
 * trusts its operator. `allowAddresses` names exact addresses allowed even under the strict policy
 * (an internal mirror an operator trusts; the tests use it for their loopback server).
 */
export interface AddressPolicy {
  allowPrivate: boolean;
  allowAddresses?: readonly string[];
}

export const STRICT_POLICY: AddressPolicy = Object.freeze({ allowPrivate: false });
export const TRUSTING_POLICY: AddressPolicy = Object.freeze({ allowPrivate: true });

export type AddressVerdict = { ok: true; address: string } | { ok: false; address: string; reason: string };

/** ipaddr.js range names, in words, for the refusal message. */
const RANGE_WORDS: Record<string, string> = {
  unspecified: 'an unspecified address (0.0.0.0/8 or ::)',
  broadcast: 'the broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address (169.254.0.0/16 or fe80::/10, where cloud metadata services live)',
  loopback: 'a loopback address (this machine)',
  carrierGradeNat: 'a carrier-grade NAT address (100.64.0.0/10)',
  private: 'a private network address (10/8, 172.16/12 or 192.168/16)',
  uniqueLocal: 'a unique-local IPv6 address (fc00::/7)',
  reserved: 'a reserved address',
};

/**
 * Ranges ipaddr.js calls "unicast" that still must not be reached: IPv4-compatible IPv6 (::/96,
 * deprecated, e.g. ::7f00:1 for 127.0.0.1). A BlockList keeps this as data rather than bit math.
 */
const EXTRA_BLOCKED = new BlockList();
EXTRA_BLOCKED.addSubnet('::', 96, 'ipv6');

/**
 * Checks one resolved IP address against a policy. Only globally routable unicast addresses pass the
 * strict policy: anything ipaddr.js classifies otherwise (loopback, private, link-local, CGNAT,
 * unique-local, NAT64/6to4/Teredo embeddings of IPv4, multicast, reserved) is refused. IPv4-mapped
 * IPv6 (::ffff:127.0.0.1) is unwrapped first, so it is judged as the IPv4 address it is.
 */
export function checkAddress(address: string, policy: AddressPolicy): AddressVerdict {
  const bare = address.replace(/^\[|\]$/g, '');
  if (!isIP(bare)) return { ok: false, address: bare, reason: 'is not an IP address' };
  if (policy.allowPrivate) return { ok: true, address: bare };
  const parsed = ipaddr.process(bare);
  const normal = parsed.toString();
  if (policy.allowAddresses?.some((allowed) => sameAddress(allowed, normal))) return { ok: true, address: bare };
  const range = parsed.range();
  if (range !== 'unicast') {
    const words = RANGE_WORDS[range] ?? `a special-purpose address (${range})`;
    return { ok: false, address: bare, reason: `is ${words}` };
  }
  if (parsed.kind() === 'ipv6' && EXTRA_BLOCKED.check(normal, 'ipv6')) {
    return { ok: false, address: bare, reason: 'is an IPv4-compatible IPv6 address (::/96)' };
  }
  return { ok: true, address: bare };
}

function sameAddress(a: string, b: string): boolean {
  try {
    return ipaddr.process(a.replace(/^\[|\]$/g, '')).toString() === b;
  } catch {
    return false;
  }
}
