import { Agent } from 'undici';
import { AddressCheck, resolveCheckedAddress } from './address-guard';

export interface GuardedAgentOptions {
  /** Decides which resolved addresses may be connected to (see `addressCheck`). */
  checkAddress: AddressCheck;
  connectTimeoutMs: number;
  /** DNS resolution; the real resolver unless a test stands one in. */
  lookup?: Parameters<typeof resolveCheckedAddress>[2];
}

/**
 * An undici dispatcher for one request to `hostname`, under the SSRF guard: the name is
 * resolved once, refused (Forbidden) unless every address passes the check, and every
 * connection of the returned pool goes to the checked address — a second DNS answer
 * cannot swap it (DNS rebinding). One pool per request; close it when done.
 */
export async function guardedAgent(hostname: string, options: GuardedAgentOptions): Promise<Agent> {
  const { address, family } = await resolveCheckedAddress(hostname, options.checkAddress, options.lookup);
  return new Agent({
    connections: 1,
    connect: {
      timeout: options.connectTimeoutMs,
      lookup: (_hostname, lookupOptions, callback) =>
        lookupOptions.all ? callback(null, [{ address, family }]) : callback(null, address, family),
    },
  });
}
