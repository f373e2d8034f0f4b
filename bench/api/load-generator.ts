/**
 * bench:api's load generator: a process of its own that runs the autocannon slices and the event
 * store library's appends the bench asks for, and hands back their latencies. The bench's own
 * process keeps every result it has measured, and its collector paused for up to ~100 ms on two
 * shared cores (--trace-gc, 2026-12-02): pauses that landed in the latencies of whatever it was
 * measuring. This process keeps nothing between slices.
 */
import autocannon from 'autocannon';
import type { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '@claimtrail/config';
import { createKysely } from '@claimtrail/database';
import { EventStore } from '@claimtrail/event-store';
import { spawnNode, type NodeProcess } from '../support/processes';
import { apiLoads, claimBody, type LoadContext, NOOP_LOADS, type PathLoad } from './api-loads';

/** One slice's outcome: a latency per expected answer, in ms. */
export interface SliceResult {
  latencies: number[];
  seconds: number;
  unexpected: number;
}

interface Setup {
  context: LoadContext;
  databaseUrl: string;
  connections: number;
}

type Request =
  | { type: 'http'; id: number; urls: string[]; load: string; seconds: number }
  | { type: 'append'; id: number; seconds: number };

type Reply = { type: 'done'; id: number; result: SliceResult } | { type: 'failed'; id: number; message: string };

/** The bench's handle on the load generator process. */
export class LoadGenerator {
  private next = 0;
  private readonly waiting = new Map<number, (reply: Reply) => void>();

  private constructor(private readonly process: NodeProcess) {
    process.child.on('message', (reply: Reply) => this.waiting.get(reply.id)?.(reply));
  }

  /** Starts the process, which builds the loads from `setup`; its output goes to `logFile`. */
  static start(setup: Setup, logFile: string): LoadGenerator {
    const generator = new LoadGenerator(spawnNode(__filename, {}, logFile));
    generator.process.child.send({ type: 'setup', setup });
    return generator;
  }

  get pid(): number {
    return this.process.child.pid!;
  }

  /** `seconds` of the load named `load` (an API path's or a no-op's) spread over `urls`. */
  http(urls: string[], load: string, seconds: number): Promise<SliceResult> {
    return this.ask({ type: 'http', id: this.next++, urls, load, seconds });
  }

  /** `seconds` of single-event appends of new streams, as many at once as there are connections. */
  append(seconds: number): Promise<SliceResult> {
    return this.ask({ type: 'append', id: this.next++, seconds });
  }

  stop(): Promise<void> {
    return this.process.stop();
  }

  private ask(request: Request): Promise<SliceResult> {
    return new Promise((resolve, reject) => {
      this.waiting.set(request.id, (reply) => {
        this.waiting.delete(request.id);
        if (reply.type === 'done') resolve(reply.result);
        else reject(new Error(`load generator: ${reply.message}`));
      });
      this.process.child.send(request);
    });
  }
}

/** One autocannon slice: `connections` spread over `urls`, one fixed URL per connection. */
async function httpSlice(urls: string[], { path, load }: PathLoad, seconds: number, connections: number) {
  const latencies: number[] = [];
  let unexpected = 0;
  const instance = autocannon({
    url: urls.map((u) => `${u}${path}`) as unknown as string,
    connections,
    duration: seconds,
    ...load,
  }) as unknown as EventEmitter & PromiseLike<autocannon.Result>;
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    if (statusCode === load.expect) latencies.push(responseTime);
    else unexpected++;
  });
  const result = await instance;
  return { latencies, seconds: result.duration, unexpected };
}

/** The library reference: single-event appends of new streams, `connections` at once, for `seconds`. */
async function appendSlice(store: EventStore, seconds: number, connections: number): Promise<SliceResult> {
  const latencies: number[] = [];
  let stop = false;
  const started = process.hrtime.bigint();
  const loops = Array.from({ length: connections }, async () => {
    while (!stop) {
      const t = process.hrtime.bigint();
      await store.appendToStream(
        `bench-${randomUUID()}`,
        [
          {
            type: 'ClaimReported',
            data: JSON.parse(claimBody()),
            metadata: {
              actor: { keyId: 'bench', role: 'reporter' },
              correlationId: randomUUID(),
              causationId: randomUUID(),
            },
          },
        ],
        { expectedVersion: 'no_stream' },
      );
      latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  });
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  stop = true;
  await Promise.all(loops);
  return { latencies, seconds: Number(process.hrtime.bigint() - started) / 1e9, unexpected: 0 };
}

/** The library reference's store, on the API's default pool (size, idle timeout): its backends stay as warm. */
function libraryStore(url: string): EventStore {
  const { poolSize, poolIdleMs } = loadConfig({}).database;
  return new EventStore(
    createKysely({ url, poolSize, idleTimeoutMs: poolIdleMs, applicationName: 'claimtrail-bench' }),
  );
}

/** The process's side: slices one at a time, as the bench asks for them. */
function serve(): void {
  let setup: Setup | undefined;
  let loads: Record<string, PathLoad> = {};
  let store: EventStore | undefined;
  const run = async (request: Request): Promise<SliceResult> => {
    if (!setup) throw new Error('not set up');
    if (request.type === 'http')
      return httpSlice(request.urls, loads[request.load], request.seconds, setup.connections);
    store ??= libraryStore(setup.databaseUrl);
    return appendSlice(store, request.seconds, setup.connections);
  };
  process.on('message', (message: Request | { type: 'setup'; setup: Setup }) => {
    if (message.type === 'setup') {
      setup = message.setup;
      loads = { ...NOOP_LOADS, ...apiLoads(setup.context) };
      return;
    }
    run(message).then(
      (result) => process.send!({ type: 'done', id: message.id, result } satisfies Reply),
      (error: Error) => process.send!({ type: 'failed', id: message.id, message: error.message } satisfies Reply),
    );
  });
}

if (require.main === module) serve();
