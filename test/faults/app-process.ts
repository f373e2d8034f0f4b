import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Every app process still running, so a failed test's afterAll (or jest's exit) can kill them. */
const running = new Set<AppProcess>();
let started = 0;

process.once('exit', () => {
  for (const app of running) app.killGroupNow();
});

/**
 * An app of the built tree (`node dist/apps/<app>/src/main.js`) as a real child process
 * in its own process group, so `kill -9` is a crash of the whole app and cleanup can
 * take down anything it started. Its stdout and stderr go to a log file of its own in `logDir`.
 */
export class AppProcess {
  readonly logFile: string;
  private child: ChildProcess | null = null;
  private exit: Promise<void> = Promise.resolve();

  constructor(
    readonly app: 'api' | 'worker',
    private readonly env: Record<string, string>,
    logDir: string,
  ) {
    this.logFile = join(logDir, `${++started}-${app}.log`);
  }

  /** Starts the app and resolves once it serves: the worker logged "worker started", the API answers ready. */
  async start(): Promise<this> {
    const log = openSync(this.logFile, 'a');
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'apps', this.app, 'src', 'main.js')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...this.env },
      stdio: ['ignore', log, log],
      detached: true,
    });
    closeSync(log);
    this.child = child;
    running.add(this);
    this.exit = new Promise((resolve) =>
      child.once('exit', () => {
        running.delete(this);
        resolve();
      }),
    );
    const deadline = Date.now() + 60_000;
    while (!(await this.serves())) {
      if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
        throw new Error(`${this.app} did not start (${this.logFile}):\n${this.logTail()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return this;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Signals the app's whole process group and waits until the app has exited. */
  async stop(signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL'): Promise<void> {
    const { child } = this;
    if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // Exited meanwhile.
    }
    await this.exit;
  }

  /** Synchronous SIGKILL of the group, for process exit; never throws. */
  killGroupNow(): void {
    try {
      if (this.child?.pid) process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }

  logTail(lines = 30): string {
    try {
      return readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  private async serves(): Promise<boolean> {
    if (this.app === 'worker') return this.logTail(Infinity).includes('"msg":"worker started"');
    try {
      return (await fetch(`http://127.0.0.1:${this.env.PORT}/health/ready`)).ok;
    } catch {
      return false;
    }
  }
}

/** Stops every app process still running (afterAll, also after a failure). */
export async function stopAllApps(): Promise<void> {
  await Promise.all([...running].map((app) => app.stop('SIGKILL')));
}
