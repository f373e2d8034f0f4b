import { Client } from 'pg';

export interface NotificationListenerOptions {
  url: string;
  channels: string[];
  applicationName: string;
  /** Each NOTIFY on one of the channels. */
  onNotification(channel: string, payload: string): void;
  /** The connection is (again) listening: notifications may have been missed before this. */
  onListening(): void;
  /** The connection is gone: from now until the next onListening, notifications are lost. */
  onLost(): void;
}

const RETRY_MIN_MS = 200;
const RETRY_MAX_MS = 5000;

/**
 * LISTENs on some channels over a dedicated connection and reconnects when it drops, telling
 * its owner when notifications may have been lost, so a cache fed by them can stop trusting
 * itself until the connection is back.
 */
export class NotificationListener {
  private client: Client | null = null;
  private stopped = false;
  private retryMs = RETRY_MIN_MS;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: NotificationListenerOptions) {}

  get listening(): boolean {
    return this.client !== null;
  }

  /** Connects and LISTENs; resolves once listening (or retries in the background when that fails). */
  async start(): Promise<void> {
    const { url, channels, applicationName } = this.options;
    const client = new Client({ connectionString: url, application_name: applicationName });
    const lost = () => {
      if (this.client !== client) return;
      this.client = null;
      this.options.onLost();
      void client.end().catch(() => undefined);
      this.scheduleRetry();
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (message) => {
      if (channels.includes(message.channel)) this.options.onNotification(message.channel, message.payload ?? '');
    });
    try {
      await client.connect();
      for (const channel of channels) await client.query(`LISTEN "${channel.replace(/"/g, '""')}"`);
    } catch {
      client.removeAllListeners('end');
      void client.end().catch(() => undefined);
      this.scheduleRetry();
      return;
    }
    if (this.stopped) return void client.end().catch(() => undefined);
    this.client = client;
    this.retryMs = RETRY_MIN_MS;
    this.options.onListening();
  }

  /** Sends a notification over the listening connection; false when it is down or the send failed. */
  async notify(channel: string, payload: string): Promise<boolean> {
    if (!this.client) return false;
    try {
      await this.client.query('SELECT pg_notify($1, $2)', [channel, payload]);
      return true;
    } catch {
      return false;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private scheduleRetry(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.start();
    }, this.retryMs);
    this.retryMs = Math.min(RETRY_MAX_MS, this.retryMs * 2);
  }
}
