import { request } from 'undici';
import { AddressCheck, guardedAgent, GuardedAgentOptions } from '@claimtrail/corroboration';
import { Unavailable } from '@claimtrail/errors';

export interface WebhookSenderOptions {
  checkAddress: AddressCheck;
  /** One attempt, connection and answer included. */
  timeoutMs: number;
  connectTimeoutMs: number;
  lookup?: GuardedAgentOptions['lookup'];
}

/** The most of a receiver's answer read before the connection is dropped: only its status matters. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * POSTs one signed delivery under the SSRF guard: the host is resolved and checked at every
 * attempt and the connection pinned to the checked address (Forbidden otherwise), no
 * redirect is followed (a 3xx is an answer like any other non-2xx), and the whole attempt
 * is bounded by `timeoutMs` (Unavailable when it runs out). Returns the HTTP status.
 */
export class WebhookSender {
  constructor(private readonly options: WebhookSenderOptions) {}

  async post(url: string, headers: Record<string, string>, body: string): Promise<number> {
    const target = new URL(url);
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const dispatcher = await guardedAgent(target.hostname, this.options);
    try {
      const response = await request(target, {
        method: 'POST',
        dispatcher,
        signal: timeout,
        headers,
        body,
        headersTimeout: this.options.timeoutMs,
        bodyTimeout: this.options.timeoutMs,
      });
      await response.body.dump({ limit: MAX_ANSWER_BYTES }).catch(() => undefined);
      return response.statusCode;
    } catch (error) {
      if (timeout.aborted) throw new Unavailable(`no answer within ${this.options.timeoutMs} ms`);
      throw error;
    } finally {
      void dispatcher.close();
    }
  }
}
