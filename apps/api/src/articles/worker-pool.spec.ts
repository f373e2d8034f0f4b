import { join } from 'node:path';
import { LimitExceeded, Unavailable } from '@claimtrail/errors';
import type { TestTask } from './fixtures/test-task.worker';
import { WorkerPool, WorkerPoolOptions } from './worker-pool';

const script = {
  filename: join(__dirname, 'fixtures/test-task.worker.ts'),
  execArgv: ['--require', join(__dirname, '../../../../test/support/register-ts.js')],
};

describe('WorkerPool', () => {
  let pool: WorkerPool<TestTask, string>;
  const start = (options: Partial<WorkerPoolOptions> = {}) =>
    (pool = new WorkerPool({
      ...script,
      threads: 1,
      timeoutMs: 1000,
      maxQueued: 10,
      maxHeapMb: 64,
      budgetName: 'TEST_BUDGET',
      heapName: 'TEST_HEAP',
      ...options,
    }));
  afterEach(() => pool.close());

  it('starts no thread until there is work, then runs tasks on it', async () => {
    start();
    expect(pool.stats()).toEqual({ threads: 0, busy: 0, queued: 0 });
    const echoes = ['a', 'b', 'c'].map((value) => pool.run({ op: 'echo', value }));
    await expect(Promise.all(echoes)).resolves.toEqual(['a', 'b', 'c']);
    expect(pool.stats()).toEqual({ threads: 1, busy: 0, queued: 0 });
  });

  it('stops a task over budget by terminating its thread, and runs the next on a new one', async () => {
    start({ timeoutMs: 300 });
    const spinning = pool.run({ op: 'spin' });
    const next = pool.run({ op: 'echo', value: 'after' });
    await expect(spinning).rejects.toThrow(LimitExceeded);
    await expect(spinning).rejects.toMatchObject({ limit: 'TEST_BUDGET' });
    await expect(next).resolves.toBe('after');
  });

  it('runs tasks side by side on up to `threads` threads: a spinning one does not hold up the others', async () => {
    start({ threads: 2, timeoutMs: 5000 });
    const spinning = expect(pool.run({ op: 'spin' })).rejects.toThrow(Unavailable);
    await expect(pool.run({ op: 'echo', value: 'meanwhile' })).resolves.toBe('meanwhile');
    expect(pool.stats()).toMatchObject({ threads: 2, busy: 1 });
    await pool.close();
    await spinning;
  });

  it('refuses work beyond maxQueued with Unavailable', async () => {
    start({ maxQueued: 1, timeoutMs: 300 });
    await pool.run({ op: 'echo', value: 'warm' });
    const first = pool.run({ op: 'spin' });
    expect(pool.stats()).toMatchObject({ busy: 1, queued: 0 });
    const queued = pool.run({ op: 'echo', value: 'queued' });
    await expect(pool.run({ op: 'echo', value: 'refused' })).rejects.toThrow(Unavailable);
    await expect(first).rejects.toThrow(LimitExceeded);
    await expect(queued).resolves.toBe('queued');
  });

  it('passes a task’s own error on, and keeps the thread', async () => {
    start();
    await expect(pool.run({ op: 'throw' })).rejects.toThrow('task failed');
    await expect(pool.run({ op: 'echo', value: 'still here' })).resolves.toBe('still here');
    expect(pool.stats().threads).toBe(1);
  });

  it('turns a thread out of heap into a limit, one that exits into a failure; both are replaced', async () => {
    start({ maxHeapMb: 32, timeoutMs: 20_000 });
    await expect(pool.run({ op: 'grow' })).rejects.toMatchObject({ limit: 'TEST_HEAP' });
    await expect(pool.run({ op: 'exit' })).rejects.toThrow(/exited/);
    await expect(pool.run({ op: 'echo', value: 'replaced' })).resolves.toBe('replaced');
  });

  it('ends every thread on close, failing what is running or waiting, and takes no more work', async () => {
    start({ timeoutMs: 60_000 });
    await pool.run({ op: 'echo', value: 'warm' });
    const running = expect(pool.run({ op: 'spin' })).rejects.toThrow(Unavailable);
    const waiting = expect(pool.run({ op: 'echo', value: 'never' })).rejects.toThrow(Unavailable);
    expect(pool.stats()).toMatchObject({ busy: 1, queued: 1 });
    await pool.close();
    await Promise.all([running, waiting]);
    expect(pool.stats()).toEqual({ threads: 0, busy: 0, queued: 0 });
    await expect(pool.run({ op: 'echo', value: 'late' })).rejects.toThrow(Unavailable);
  });
});
