import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { EVENTS_CHANNEL } from './subscription';

/**
 * One LISTEN connection per process for readers that follow the log without a checkpoint
 * (live feeds): every listener is woken on each NOTIFY the appenders send. Best effort —
 * readers also poll, so a lost connection delays them by a poll interval, never loses events.
 */
export class AppendWatcher {
  private readonly listeners = new Set<() => void>();
  private client: Client | null = null;
  private connecting: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly connectionString: string | undefined) {}

  /** Calls `listener` after every append seen; returns the function that stops it. */
  watch(listener: () => void): () => void {
    this.listeners.add(listener);
    if (!this.client && !this.connecting && !this.closed) this.connecting = this.connect();
    return () => this.listeners.delete(listener);
  }

  /** Wakes every listener (this process's own appends need no round trip). */
  notify(): void {
    for (const listener of this.listeners) listener();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.connecting;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (!this.connectionString) return;
    const client = new Client({
      connectionString: this.connectionString,
      application_name: 'claimtrail-append-watcher',
      keepAlive: true,
    });
    const lost = () => {
      if (this.client !== client) return;
      this.client = null;
      this.scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', () => this.notify());
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
      if (this.closed) {
        await client.end();
        return;
      }
      this.client = client;
    } catch (error) {
      new Logger('AppendWatcher').warn(`LISTEN failed, readers poll meanwhile: ${String(error)}`);
      await client.end().catch(() => undefined);
      this.scheduleReconnect();
    } finally {
      this.connecting = null;
    }
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retryTimer || this.listeners.size === 0) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.client && !this.connecting && !this.closed) this.connecting = this.connect();
    }, 1000);
    this.retryTimer.unref();
  }
}
