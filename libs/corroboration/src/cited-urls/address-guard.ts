import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import ipaddr from 'ipaddr.js';
import { Forbidden } from '@claimtrail/errors';

/** IPv6 forms that carry an IPv4 address in their low 32 bits and reach it: judged as that IPv4 address. */
const IPV4_CARRIERS = [ipaddr.parseCIDR('::ffff:0:0/96'), ipaddr.parseCIDR('64:ff9b::/96')];
/** Deprecated IPv4-compatible IPv6 (::a.b.c.d, RFC 4291): nothing public uses it, so it is refused outright. */
const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');
/** The only IPv6 block assigned for global unicast; everything outside it is special or unassigned. */
const GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3');

function ipv6RefusalReason(address: string, parsed: ipaddr.IPv6): string | null {
  const range = parsed.range();
  if (range === 'unspecified' || range === 'loopback') return `${address} is a ${range} address`;
  if (IPV4_CARRIERS.some((cidr) => parsed.match(cidr))) {
    const carried = ipaddr.fromByteArray(parsed.toByteArray().slice(12)) as ipaddr.IPv4;
    const carriedRange = carried.range();
    return carriedRange === 'unicast' ? null : `${address} is a ${carriedRange} address`;
  }
  if (parsed.match(IPV4_COMPATIBLE)) return `${address} is a ipv4Compatible address`;
  if (range !== 'unicast') return `${address} is a ${range} address`;
  return parsed.match(GLOBAL_UNICAST) ? null : `${address} is a unassigned address`;
}

/**
 * Why an address may not be fetched, or `null` when it may. Deny by default: only
 * addresses ipaddr.js classifies as global `unicast` pass. That refuses loopback,
 * private (RFC 1918, fc00::/7), link-local (incl. the 169.254.169.254 cloud metadata
 * address, fe80::/10), unspecified, CGNAT (100.64/10), multicast, broadcast, reserved,
 * documentation, benchmarking, the IPv6 translation ranges (6to4, Teredo, local-use NAT64)
 * and IPv6 outside 2000::/3. IPv4-mapped (::ffff:127.0.0.1) and NAT64 (64:ff9b::7f00:1)
 * addresses are judged as the IPv4 address they carry; IPv4-compatible ones (::7f00:1) are refused.
 */
export function refusalReason(address: string): string | null {
  if (!ipaddr.isValid(address)) return `"${address}" is not an IP address`;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') return ipv6RefusalReason(address, parsed as ipaddr.IPv6);
  const range = parsed.range();
  return range === 'unicast' ? null : `${address} is a ${range} address`;
}

/** Decides whether an address may be connected to; returns why not, or `null`. */
export type AddressCheck = (address: string) => string | null;

/**
 * The check for a deployment: public addresses only, unless private ones are explicitly allowed
 * (tests), all of them or only `exceptions` (addresses or CIDRs, e.g. `127.0.0.1/32` for a test's
 * local receiver, so every other private address is still refused). IPv4-mapped IPv6 addresses
 * match the IPv4 exceptions they carry.
 */
export function addressCheck(allowPrivateAddresses: boolean, exceptions: readonly string[] = []): AddressCheck {
  if (allowPrivateAddresses) return () => null;
  if (exceptions.length === 0) return refusalReason;
  const ranges = exceptions.map((e) =>
    e.includes('/') ? ipaddr.parseCIDR(e) : ipaddr.parseCIDR(`${e}/${hostBits(e)}`),
  );
  return (address) => {
    if (!ipaddr.isValid(address)) return refusalReason(address);
    const parsed = ipaddr.process(address);
    return ranges.some(([base, bits]) => base.kind() === parsed.kind() && parsed.match(base, bits))
      ? null
      : refusalReason(address);
  };
}

function hostBits(address: string): number {
  return ipaddr.parse(address).kind() === 'ipv4' ? 32 : 128;
}

type Lookup = (
  hostname: string,
  options: { all: true },
  callback: (error: Error | null, addresses: LookupAddress[]) => void,
) => void;

/**
 * Resolves `hostname` (every address it has) and returns the one to connect to. Refuses
 * when ANY resolved address fails the check: a name that also points inside the network
 * is not one to trust. The caller must connect to the returned address, not re-resolve.
 */
export async function resolveCheckedAddress(
  hostname: string,
  check: AddressCheck,
  lookup: Lookup = dnsLookup,
): Promise<LookupAddress> {
  const host = hostname.replace(/^\[(.*)\]$/, '$1');
  const addresses = await new Promise<LookupAddress[]>((resolve, reject) =>
    lookup(host, { all: true }, (error, found) => (error ? reject(error) : resolve(found))),
  );
  if (addresses.length === 0) throw new Forbidden(`${host} does not resolve to any address`);
  for (const { address } of addresses) {
    const reason = check(address);
    if (reason) throw new Forbidden(`Refusing to fetch ${host}: ${reason}`, { host, address });
  }
  return addresses[0];
}
