import { Injectable } from '@nestjs/common';
import { AppConfig } from '@claimtrail/config';
import { AddressCheck, addressCheck, resolveCheckedAddress } from '@claimtrail/corroboration';
import { Forbidden, Unavailable, ValidationFailed } from '@claimtrail/errors';

/** DNS answers that mean the name does not exist (as opposed to a resolver that failed). */
const NO_SUCH_NAME = new Set(['ENOTFOUND', 'ENODATA', 'NXDOMAIN']);

/**
 * The SSRF guard cited URLs use, applied to webhook URLs: public unicast addresses only,
 * except the addresses WEBHOOK_ALLOWED_PRIVATE_ADDRESSES names (development and tests).
 * Checked at registration (a 400 naming the field) and again at every delivery, where the
 * connection is pinned to the address checked (DNS rebinding).
 */
@Injectable()
export class WebhookUrlGuard {
  readonly checkAddress: AddressCheck;

  constructor(config: AppConfig) {
    this.checkAddress = addressCheck(false, config.webhooks.allowedPrivateAddresses);
  }

  /** Refuses `url` (field `field`) unless its host resolves to addresses the guard allows. */
  async checkRegistration(url: string, field = 'url'): Promise<void> {
    const { hostname } = new URL(url);
    try {
      await resolveCheckedAddress(hostname, this.checkAddress);
    } catch (error) {
      if (error instanceof Forbidden)
        throw new ValidationFailed([
          { field, rule: 'address_not_public', message: `must reach public addresses only (${error.message})` },
        ]);
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (NO_SUCH_NAME.has(code))
        throw new ValidationFailed([{ field, rule: 'unresolvable_host', message: `${hostname} does not resolve` }]);
      throw new Unavailable(`Could not resolve ${hostname} (${code || String(error)}); try again`);
    }
  }
}
