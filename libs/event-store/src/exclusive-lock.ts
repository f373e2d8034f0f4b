import { Client } from 'pg';
import { AdvisoryLockSpace } from '@claimtrail/database';

export interface ExclusiveLockOptions {
  connectionString: string;
  /** Keys the lock across processes: one holder per name. */
  name: string;
  /** How often standbys try the lock; a holder that lost it stands back 3× this long. Default 1000 ms. */
  lockRetryMs?: number;
  /** application_name of the lock's connection (what pg_stat_activity shows). Default `claimtrail-lock:<name>`. */
  applicationName?: string;
  /** Called when the lock's connection ends or fails (with the error when it failed). */
  onLost?: (error?: Error) => void;
  /** Called on every NOTIFY received on a channel passed to `listen`. */
  onNotification?: () => void;
}

/**
 * "One instance per name is active across processes": a session-level advisory lock on a
 * dedicated connection. Every process runs a standby that calls `acquire()` now and then;
 * the lock lives and dies with its connection, so when the holder stops, crashes or is
 * cut off, Postgres releases it and a standby takes over. Subscribers and the round
 * sweeper share this one mechanism.
 */
export class ExclusiveLock {
  private client: Client | null = null;
  private active = false;
  private lockPid: number | null = null;
  /** After losing the lock, stand back until then so a standby can take over. */
  private yieldUntil = 0;

  constructor(private readonly options: ExclusiveLockOptions) {}

  /** This instance holds the lock. */
  get held(): boolean {
    return this.active;
  }

  /** Backend pid of the connection holding the lock (while held). */
  get pid(): number | null {
    return this.active ? this.lockPid : null;
  }

  /** How long this instance still stands back after losing the lock (0: it may compete). */
  yieldingFor(): number {
    return Math.max(0, this.yieldUntil - Date.now());
  }

  /** Tries to become the holder; true when this instance holds the lock (now or already). */
  async acquire(): Promise<boolean> {
    if (this.active) return true;
    if (this.yieldingFor() > 0) return false;
    const client = this.client ?? (await this.connect());
    const { rows } = await client.query<{ locked: boolean; pid: number }>(
      'SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked, pg_backend_pid() AS pid',
      [AdvisoryLockSpace.Subscription, this.options.name],
    );
    if (!rows[0].locked) return false;
    this.lockPid = rows[0].pid;
    this.active = true;
    return true;
  }

  /** LISTENs on `channel` on the lock's connection (while held). */
  async listen(channel: string): Promise<void> {
    if (!this.client) throw new Error('listen needs the lock connection');
    await this.client.query(`LISTEN ${channel}`);
  }

  /** Releases the lock and closes its connection. */
  async release(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.active = false;
    this.lockPid = null;
    if (!client) return;
    // Closing the session releases its advisory lock; the explicit unlock just makes it immediate.
    await client.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
    await client.end().catch(() => undefined);
  }

  private async connect(): Promise<Client> {
    const client = new Client({
      connectionString: this.options.connectionString,
      application_name: (this.options.applicationName ?? `claimtrail-lock:${this.options.name}`).slice(0, 63),
      keepAlive: true,
    });
    const lost = (error?: Error) => {
      if (this.client !== client) return;
      // A process whose lock connection dropped is suspect (overloaded, partitioned):
      // let a standby, which retries every lockRetryMs, win the lock first.
      if (this.active) this.yieldUntil = Date.now() + 3 * (this.options.lockRetryMs ?? 1000);
      this.client = null;
      this.active = false;
      this.lockPid = null;
      this.options.onLost?.(error);
    };
    client.on('error', (error) => lost(error));
    client.on('end', () => lost());
    client.on('notification', () => this.options.onNotification?.());
    this.client = client;
    try {
      await client.connect();
    } catch (error) {
      lost();
      throw error;
    }
    return client;
  }
}
