import { Worker } from 'node:worker_threads';
import { LimitExceeded, Unavailable } from '@claimtrail/errors';

export interface WorkerPoolOptions {
  /** The thread's script; it answers `{ready: true}` once loaded, then `{result}` or `{error}` per task. */
  filename: string;
  /** Node options for the threads (e.g. a `--require` hook when running from TypeScript sources). */
  execArgv?: string[];
  /** Threads at most; they start on demand, so an idle process has none. */
  threads: number;
  /** A task running longer is stopped by terminating its thread. */
  timeoutMs: number;
  /** Tasks waiting for a thread at most; beyond it, `Unavailable`. */
  maxQueued: number;
  /** Largest heap of one thread: a task that needs more fails as a limit, not the process. */
  maxHeapMb: number;
  /** The settings naming the time budget and the heap limit, for problems. */
  budgetName: string;
  heapName: string;
}

interface Task<In, Out> {
  input: In;
  resolve(result: Out): void;
  reject(error: Error): void;
}

interface Thread<In, Out> {
  worker: Worker;
  ready: boolean;
  task: Task<In, Out> | null;
  timer: NodeJS.Timeout | null;
}

type ThreadMessage<Out> = { ready: true } | { result: Out } | { error: string };

/**
 * A small pool of worker threads for CPU-heavy work that must not run on the API's event
 * loop. Each task runs under a time budget: over it, its thread is terminated (the only
 * way to stop synchronous code) and the caller gets `LimitExceeded`; a new thread replaces
 * it on demand. Tasks queue while every thread is busy. `close()` ends every thread.
 */
export class WorkerPool<In, Out> {
  private readonly threads = new Set<Thread<In, Out>>();
  private readonly queue: Task<In, Out>[] = [];
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {}

  /** Threads started, threads running a task, tasks waiting. */
  stats(): { threads: number; busy: number; queued: number } {
    const busy = [...this.threads].filter((t) => t.task !== null).length;
    return { threads: this.threads.size, busy, queued: this.queue.length };
  }

  run(input: In): Promise<Out> {
    if (this.closed) return Promise.reject(new Unavailable('The service is shutting down'));
    if (this.queue.length >= this.options.maxQueued) {
      const waiting = this.queue.length;
      return Promise.reject(new Unavailable(`${waiting} tasks are already waiting for a worker thread; retry later`));
    }
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.reject(new Unavailable('The service is shutting down'));
    const stopped = new Unavailable('The service is shutting down');
    await Promise.all([...this.threads].map((thread) => this.retire(thread, stopped)));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const idle = [...this.threads].find((t) => t.ready && t.task === null);
      if (!idle) {
        // Threads still loading take the queue when ready; start another only while under the cap.
        const loading = [...this.threads].filter((t) => !t.ready).length;
        if (loading < this.queue.length && this.threads.size < this.options.threads) this.spawn();
        return;
      }
      this.start(idle, this.queue.shift()!);
    }
  }

  private start(thread: Thread<In, Out>, task: Task<In, Out>): void {
    thread.task = task;
    // The budget counts from the hand-over to a loaded thread: loading is not the task's cost.
    thread.timer = setTimeout(() => {
      const error = new LimitExceeded(
        this.options.budgetName,
        `The work took longer than ${this.options.timeoutMs} ms (${this.options.budgetName}) and was stopped`,
      );
      void this.retire(thread, error).then(() => this.dispatch());
    }, this.options.timeoutMs);
    thread.worker.postMessage(task.input);
  }

  private spawn(): void {
    const worker = new Worker(this.options.filename, {
      execArgv: this.options.execArgv,
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb },
    });
    const thread: Thread<In, Out> = { worker, ready: false, task: null, timer: null };
    this.threads.add(thread);
    worker.on('message', (message: ThreadMessage<Out>) => this.settle(thread, message));
    worker.on('error', (error: Error & { code?: string }) => {
      const { heapName } = this.options;
      const failure =
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new LimitExceeded(
              heapName,
              `The work needed more than ${this.options.maxHeapMb} MB (${heapName}) and was stopped`,
            )
          : error;
      // A thread that cannot even load would fail every task: fail the waiting ones instead of respawning forever.
      if (!thread.ready) for (const task of this.queue.splice(0)) task.reject(failure);
      void this.retire(thread, failure).then(() => this.dispatch());
    });
    // A thread that exits on its own (a crash) fails its task and makes room for a new one.
    worker.on('exit', () => {
      if (!this.threads.has(thread)) return;
      void this.retire(thread, new Error('The worker thread exited unexpectedly')).then(() => this.dispatch());
    });
  }

  private settle(thread: Thread<In, Out>, message: ThreadMessage<Out>): void {
    if ('ready' in message) {
      thread.ready = true;
    } else {
      const task = thread.task;
      if (thread.timer) clearTimeout(thread.timer);
      thread.task = null;
      thread.timer = null;
      if ('result' in message) task?.resolve(message.result);
      else task?.reject(new Error(message.error));
    }
    this.dispatch();
  }

  /** Ends a thread, failing its task with `error`. */
  private async retire(thread: Thread<In, Out>, error: Error): Promise<void> {
    if (!this.threads.delete(thread)) return;
    if (thread.timer) clearTimeout(thread.timer);
    thread.task?.reject(error);
    thread.task = null;
    await thread.worker.terminate();
  }
}
