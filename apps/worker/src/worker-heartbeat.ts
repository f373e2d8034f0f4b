import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const HEARTBEAT_FILE = join(tmpdir(), 'claimtrail-worker.heartbeat');
const INTERVAL_MS = 10_000;

/** The worker has no HTTP port; container healthchecks read the age of this file instead. */
@Injectable()
export class WorkerHeartbeat implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;

  async onApplicationBootstrap(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat(), INTERVAL_MS).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await rm(HEARTBEAT_FILE, { force: true });
  }

  private beat(): Promise<void> {
    return writeFile(HEARTBEAT_FILE, new Date().toISOString());
  }
}
