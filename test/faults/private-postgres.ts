import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** postgres's uid/gid: the server refuses to run as root. */
function postgresUser(): { uid: number; gid: number } {
  const [uid, gid] = execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim().split(/\s+/).map(Number);
  return { uid, gid: gid ?? Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()) };
}

/** Runs a Postgres binary as the postgres user when we are root (CI containers), else as ourselves. */
function asPostgres(binary: string, args: string[]): void {
  const command = join(BIN, binary);
  if (process.getuid?.() === 0) execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'pipe' });
  else execFileSync(command, args, { stdio: 'pipe' });
}

/**
 * A Postgres cluster of the fault suite's own (initdb in a temporary directory, a spare
 * port, its socket in that directory): it can be crashed and restarted at will and never
 * touches the machine's own server.
 */
export class PrivatePostgres {
  readonly dir = mkdtempSync(join(tmpdir(), 'claimtrail-faults-pg-'));
  private running = false;

  constructor(readonly port: number) {
    if (process.getuid?.() === 0) {
      const { uid, gid } = postgresUser();
      chownSync(this.dir, uid, gid);
    }
    chmodSync(this.dir, 0o700);
  }

  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  init(): void {
    asPostgres('initdb', ['-D', join(this.dir, 'data'), '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  }

  start(): void {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
    asPostgres('pg_ctl', [
      '-D',
      join(this.dir, 'data'),
      '-o',
      options,
      '-l',
      join(this.dir, 'server.log'),
      '-w',
      '-t',
      '60',
      'start',
    ]);
    this.running = true;
  }

  /** `pg_ctl stop -m immediate`: a crash as far as clients and recovery are concerned. */
  stopImmediate(): void {
    asPostgres('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'immediate', '-w', 'stop']);
    this.running = false;
  }

  /** Starts the server again if a scenario left it stopped (a failure mid-outage). */
  ensureRunning(): void {
    if (!this.running) this.start();
  }

  async createDatabase(name: string): Promise<string> {
    const client = new Client({ connectionString: this.url() });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE "${name}"`);
    } finally {
      await client.end();
    }
    return this.url(name);
  }

  /** Stops the server (if running) and deletes the cluster; safe to call twice and after failures. */
  destroy(): void {
    if (this.running) {
      try {
        this.stopImmediate();
      } catch {
        // Already gone.
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
