import type { RecordedEvent } from '@claimtrail/event-store';
import { JobName } from '@claimtrail/jobs';
import { jobsFor } from './relayed-jobs';

const retry = { attempts: 4, backoffMs: 1000 };
const recorded = (type: string, data: Record<string, unknown>): RecordedEvent => ({
  position: 7,
  streamId: 'claim-0b7c2d4e-1f3a-4c5b-8d6e-9f0a1b2c3d4e',
  streamType: 'claim',
  streamVersion: 2,
  eventId: '5d0c7a52-3c1e-4f7b-9a8d-2e6f4b1c0a9e',
  type,
  schemaVersion: 1,
  data,
  metadata: { correlationId: 'req-42' },
  recordedAt: new Date('2026-11-29T20:00:00Z'),
  transactionId: '1234',
  hash: 'h',
  prevHash: null,
});

describe('jobsFor (the relay table)', () => {
  const requested = recorded('CorroborationRequested', {
    requestId: 'round-1',
    sources: ['archive', 'cited-urls'],
    deadline: '2026-11-29T20:10:00.000Z',
  });

  it('turns a corroboration round into its work job and its deadline job, ids derived from the event id', () => {
    const [work, deadline] = jobsFor(requested, new Date('2026-11-29T20:00:00.000Z'), retry);
    const payload = {
      claimId: '0b7c2d4e-1f3a-4c5b-8d6e-9f0a1b2c3d4e',
      requestId: 'round-1',
      sources: ['archive', 'cited-urls'],
      deadline: '2026-11-29T20:10:00.000Z',
      eventId: requested.eventId,
      correlationId: 'req-42',
    };
    expect(work).toMatchObject({
      name: JobName.CorroborateClaim,
      data: payload,
      opts: { jobId: `corroborate-claim.${requested.eventId}`, attempts: 4 },
    });
    expect(work.opts.delay).toBeUndefined();
    expect(deadline).toMatchObject({
      name: JobName.CorroborationDeadline,
      data: payload,
      opts: { jobId: `corroboration-deadline.${requested.eventId}`, delay: 600_000 },
    });
  });

  it('gives the same ids on a replay, and a deadline already past runs at once', () => {
    const later = jobsFor(requested, new Date('2026-11-30T00:00:00.000Z'), retry);
    expect(later.map((j) => j.opts.jobId)).toEqual(
      jobsFor(requested, new Date('2026-11-29T20:00:00.000Z'), retry).map((j) => j.opts.jobId),
    );
    expect(later[1].opts.delay).toBe(0);
  });

  it('relays nothing for other events', () => {
    expect(jobsFor(recorded('ClaimReported', { claimId: 'x' }), new Date(), retry)).toEqual([]);
    expect(jobsFor(recorded('EvidenceAttached', {}), new Date(), retry)).toEqual([]);
  });
});
