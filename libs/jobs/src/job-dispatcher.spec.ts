import { Injectable, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { UnrecoverableError } from 'bullmq';
import type { Job } from 'bullmq';
import { ConcurrencyError, IllegalTransition, NotFound, Unavailable } from '@claimtrail/errors';
import { collectHandlers, JobDispatcher, JobHandlersInvalid } from './job-dispatcher';
import { HandlesJob, JobHandler } from './job-handler';
import { done, JobResult, skipped } from './job-result';
import { JobName } from './queue-names';
import { shouldRetry } from './retry-policy';

const handler = (result: JobResult | Error): JobHandler<JobName> => ({
  // A failing handler rejects (as an async one would) rather than throwing synchronously.
  handle: () => (result instanceof Error ? Promise.reject(result) : Promise.resolve(result)),
});

const fakeJob = (name: string): Job =>
  ({
    id: `${name}.1`,
    name,
    data: {},
    attemptsMade: 0,
    opts: { attempts: 3 },
    updateProgress: () => Promise.resolve(),
  }) as unknown as Job;

describe('collectHandlers (the boot check)', () => {
  const every = () => [
    { name: JobName.CorroborateClaim, handler: handler(done({})), provider: 'A' },
    { name: JobName.CorroborationDeadline, handler: handler(done({})), provider: 'B' },
    { name: JobName.DeliverWebhook, handler: handler(done({})), provider: 'W' },
  ];

  it('maps every job name to its one handler', () => {
    expect([...collectHandlers(every()).keys()].sort()).toEqual(
      [JobName.CorroborateClaim, JobName.CorroborationDeadline, JobName.DeliverWebhook].sort(),
    );
  });

  it('refuses a missing handler, naming the job', () => {
    expect(() => collectHandlers(every().slice(0, 1))).toThrow(JobHandlersInvalid);
    expect(() => collectHandlers(every().slice(0, 1))).toThrow(/corroboration-deadline: no handler/);
    expect(() => collectHandlers(every().slice(0, 2))).toThrow(/deliver-webhook: no handler/);
  });

  it('refuses two handlers for one job, naming both', () => {
    const found = [...every(), { name: JobName.CorroborateClaim, handler: handler(done({})), provider: 'C' }];
    expect(() => collectHandlers(found)).toThrow(/corroborate-claim: 2 handlers \(A, C\)/);
  });
});

describe('JobDispatcher in a Nest module', () => {
  @Injectable()
  @HandlesJob(JobName.CorroborateClaim)
  class Corroborate implements JobHandler<JobName.CorroborateClaim> {
    handle = jest.fn((): Promise<JobResult> => Promise.resolve(skipped('nothing to do')));
  }

  @Injectable()
  @HandlesJob(JobName.CorroborationDeadline)
  class Deadline implements JobHandler<JobName.CorroborationDeadline> {
    handle = jest.fn((): Promise<JobResult> => Promise.resolve(done({ finished: true })));
  }

  @Injectable()
  @HandlesJob(JobName.CorroborationDeadline)
  class SecondDeadline extends Deadline {}

  @Injectable()
  @HandlesJob(JobName.DeliverWebhook)
  class Deliver implements JobHandler<JobName.DeliverWebhook> {
    handle = jest.fn((): Promise<JobResult> => Promise.resolve(done({ delivered: true })));
  }

  const boot = async (...providers: (new () => unknown)[]) => {
    @Module({ imports: [DiscoveryModule], providers: [JobDispatcher, ...providers] })
    class Host {}
    const moduleRef = await Test.createTestingModule({ imports: [Host] }).compile();
    await moduleRef.init();
    return moduleRef;
  };

  it('stops the boot when a job has no handler', async () => {
    await expect(boot(Corroborate, Deliver)).rejects.toThrow(/corroboration-deadline: no handler/);
  });

  it('stops the boot when a job has two handlers', async () => {
    await expect(boot(Corroborate, Deadline, SecondDeadline, Deliver)).rejects.toThrow(
      /corroboration-deadline: 2 handlers/,
    );
  });

  it('routes each job to its handler and returns its result', async () => {
    const moduleRef = await boot(Corroborate, Deadline, Deliver);
    const dispatcher = moduleRef.get(JobDispatcher);
    await expect(dispatcher.dispatch(fakeJob(JobName.CorroborateClaim))).resolves.toEqual({
      status: 'skipped',
      reason: 'nothing to do',
    });
    await expect(dispatcher.dispatch(fakeJob(JobName.CorroborationDeadline))).resolves.toEqual({
      status: 'done',
      summary: { finished: true },
    });
    expect(moduleRef.get(Deadline).handle).toHaveBeenCalledTimes(1);
    await expect(dispatcher.dispatch(fakeJob('no-such-job'))).rejects.toBeInstanceOf(UnrecoverableError);
    await moduleRef.close();
  });
});

describe('the retry decision', () => {
  it('retries what may go better next time and gives up on the rest', () => {
    expect(shouldRetry(new Unavailable('redis is down'))).toBe(true);
    expect(shouldRetry(new ConcurrencyError('claim-x', 3, 4))).toBe(true);
    expect(shouldRetry(new Error('connection terminated unexpectedly'))).toBe(true);
    expect(shouldRetry(new NotFound('Claim', 'x'))).toBe(false);
    expect(shouldRetry(new IllegalTransition('claim-is-duplicate', 'no'))).toBe(false);
  });

  it('turns a give-up into an UnrecoverableError (no further attempts) and rethrows the rest as they are', async () => {
    const failing = (error: Error) => {
      const dispatcher = new JobDispatcher({ getProviders: () => [] } as never);
      (dispatcher as unknown as { handlers: Map<JobName, JobHandler<JobName>> }).handlers.set(
        JobName.CorroborateClaim,
        handler(error),
      );
      return dispatcher.dispatch(fakeJob(JobName.CorroborateClaim));
    };
    await expect(failing(new NotFound('Claim', 'x'))).rejects.toBeInstanceOf(UnrecoverableError);
    const transient = new Error('ECONNREFUSED');
    await expect(failing(transient)).rejects.toBe(transient);
  });
});
