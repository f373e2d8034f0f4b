/** A write the client must not retry (a 4xx): the load stops and the test fails with it. */
export class FatalWrite extends Error {}

/**
 * A client reporting claims from…to-1 from `concurrency` writers, as a newsroom client
 * would through faults: each claim is retried (same claim, same Idempotency-Key) until it
 * is acknowledged. `acknowledged` maps each claim to the id the server answered.
 */
export class ClaimLoad {
  readonly acknowledged = new Map<number, string>();
  /** Failed attempts that were retried (connection refused or reset, 503, a database error). */
  retries = 0;
  inFlight = 0;
  readonly done: Promise<void>;
  private next: number;

  constructor(
    private readonly write: (i: number) => Promise<string>,
    from: number,
    private readonly to: number,
    concurrency = 4,
  ) {
    this.next = from;
    this.done = Promise.all(Array.from({ length: concurrency }, () => this.writer())).then(() => undefined);
    // A failed load is reported by whoever awaits `done` ; never as an unhandled rejection meanwhile.
    this.done.catch(() => undefined);
  }

  private async writer(): Promise<void> {
    for (let i = this.next++; i < this.to; i = this.next++) {
      const giveUp = Date.now() + 90_000;
      while (!(await this.attempt(i))) {
        if (Date.now() > giveUp) throw new Error(`claim ${i} was never acknowledged`);
        this.retries++;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  /** One try at claim `i`: true once acknowledged, false for a failure worth retrying. */
  private async attempt(i: number): Promise<boolean> {
    this.inFlight++;
    try {
      this.acknowledged.set(i, await this.write(i));
      return true;
    } catch (error) {
      if (error instanceof FatalWrite) throw error;
      return false;
    } finally {
      this.inFlight--;
    }
  }
}
