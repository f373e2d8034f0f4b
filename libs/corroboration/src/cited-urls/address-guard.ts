import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import ipaddr from 'ipaddr.js';
import { Forbidden } from '@claimtrail/errors';

/**
 * Why an address may not be fetched, or `null` when it may. Deny by default: only
 * addresses ipaddr.js classifies as global `unicast` pass. That refuses loopback,
 * private (RFC 1918, fc00::/7), link-local (incl. the 169.254.169.254 cloud metadata
 * address, fe80::/10), unspecified, CGNAT (100.64/10), multicast, broadcast, reserved
 * and the IPv6 translation ranges (NAT64, 6to4, Teredo) that could smuggle an IPv4 in.
 * IPv4-mapped IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it carries.
 */
export function refusalReason(address: string): string | null {
  if (!ipaddr.isValid(address)) return `"${address}" is not an IP address`;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  const range = parsed.range();
  return range === 'unicast' ? null : `${address} is a ${range} address`;
}

/** Decides whether an address may be connected to; returns why not, or `null`. */
export type AddressCheck = (address: string) => string | null;

/** The check for a deployment: public addresses only, unless private ones are explicitly allowed (tests). */
export function addressCheck(allowPrivateAddresses: boolean): AddressCheck {
  return allowPrivateAddresses ? () => null : refusalReason;
}

type Lookup = (hostname: string, options: { all: true }, callback: (error: Error | null, addresses: LookupAddress[]) => void) => void;

/**
 * Resolves `hostname` (every address it has) and returns the one to connect to. Refuses
 * when ANY resolved address fails the check: a name that also points inside the network
 * is not one to trust. The caller must connect to the returned address, not re-resolve.
 */
export async function resolveCheckedAddress(
  hostname: string,
  check: AddressCheck,
  lookup: Lookup = dnsLookup as Lookup,
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
