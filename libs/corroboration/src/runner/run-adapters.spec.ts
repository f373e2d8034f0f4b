import { Forbidden, Unavailable } from '@claimtrail/errors';
import { ClaimToCorroborate, SourceAdapter, SourceFinding } from '../source-adapter';
import { AdapterPolicies, AdapterPolicy, backoffDelay } from './adapter-policy';
import { runAdapters } from './run-adapters';

const claim: ClaimToCorroborate = {
  claimId: 'claim-1',
  text: 'Chinese companies are supplying military attack drones to Russia',
  claimant: 'a western official',
  language: 'en',
  citedUrls: [],
};

const finding = (sourceRef: string): SourceFinding => ({
  publisher: 'Reuters',
  url: `https://reuters.example/${sourceRef}`,
  excerpt: 'Russia has a drones project in China.',
  stance: 'supports',
  confidence: 0.6,
  reason: 'restates-claim',
  retrievedAt: '2026-01-01T00:00:00.000Z',
  sourceRef,
});

/** An adapter that answers each call with the next scripted outcome. */
function scripted(name: string, outcomes: Array<'hang' | 'hang-ignoring-signal' | Error | SourceFinding[]>) {
  const calls: AbortSignal[] = [];
  const adapter: SourceAdapter = {
    name,
    search: (_claim, signal) => {
      calls.push(signal);
      const outcome = outcomes[Math.min(calls.length - 1, outcomes.length - 1)];
      if (outcome === 'hang')
        return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
      if (outcome === 'hang-ignoring-signal') return new Promise(() => undefined);
      if (outcome instanceof Error) return Promise.reject(outcome);
      return Promise.resolve(outcome);
    },
  };
  return { adapter, calls };
}

const policy = (overrides: Partial<AdapterPolicy> = {}): AdapterPolicy => ({
  timeoutMs: 1000,
  ratePerSecond: 0,
  maxConcurrent: 0,
  retries: 2,
  backoff: { baseMs: 10, maxMs: 100 },
  ...overrides,
});

describe('backoffDelay', () => {
  it('doubles from the base up to the maximum, scaled by the jitter', () => {
    const backoff = { baseMs: 100, maxMs: 1000 };
    expect([0, 1, 2, 3, 4, 10].map((n) => backoffDelay(n, backoff, () => 1))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(backoffDelay(3, backoff, () => 0.5)).toBe(400);
    expect(backoffDelay(3, backoff, () => 0)).toBe(0);
  });
});

describe('runAdapters', () => {
  let policies: AdapterPolicies;
  afterEach(async () => {
    await policies.stop();
  });

  it('queries every source and reports each, in adapter order', async () => {
    policies = new AdapterPolicies({}, policy());
    const a = scripted('archive', [[finding('a1'), finding('a2')]]);
    const b = scripted('claim-review', [[]]);
    const results = await runAdapters([a.adapter, b.adapter], claim, policies);
    expect(results).toEqual([
      { source: 'archive', status: 'answered', findings: [finding('a1'), finding('a2')], attempts: 1 },
      { source: 'claim-review', status: 'answered', findings: [], attempts: 1 },
    ]);
  });

  it('retries a retryable failure and answers', async () => {
    policies = new AdapterPolicies({}, policy({ retries: 2 }));
    const flaky = scripted('claim-review', [new Unavailable('503'), new Error('ECONNRESET'), [finding('c1')]]);
    const [result] = await runAdapters([flaky.adapter], claim, policies, { random: () => 0 });
    expect(result).toEqual({ source: 'claim-review', status: 'answered', findings: [finding('c1')], attempts: 3 });
  });

  it('gives up after the last retry and keeps the last error', async () => {
    policies = new AdapterPolicies({}, policy({ retries: 1 }));
    const down = scripted('claim-review', [new Unavailable('answered 503')]);
    const [result] = await runAdapters([down.adapter], claim, policies, { random: () => 0 });
    expect(result).toEqual({
      source: 'claim-review',
      status: 'failed',
      findings: [],
      error: 'answered 503',
      attempts: 2,
    });
  });

  it('does not retry a failure that another attempt cannot fix', async () => {
    policies = new AdapterPolicies({}, policy({ retries: 3 }));
    const refused = scripted('claim-review', [new Forbidden('API key not valid')]);
    const [result] = await runAdapters([refused.adapter], claim, policies);
    expect(result).toMatchObject({ status: 'failed', error: 'API key not valid', attempts: 1 });
    expect(refused.calls).toHaveLength(1);
  });

  it('times an attempt out, aborting its signal, and retries it', async () => {
    policies = new AdapterPolicies({}, policy({ timeoutMs: 50, retries: 1 }));
    const slow = scripted('cited-urls', ['hang']);
    const [result] = await runAdapters([slow.adapter], claim, policies, { random: () => 0 });
    expect(result).toEqual({
      source: 'cited-urls',
      status: 'timed_out',
      findings: [],
      error: 'cited-urls took longer than 50 ms',
      attempts: 2,
    });
    expect(slow.calls.every((signal) => signal.aborted)).toBe(true);
  });

  it('abandons an adapter that ignores its signal, and the others still answer', async () => {
    policies = new AdapterPolicies({ 'cited-urls': policy({ timeoutMs: 50, retries: 0 }) }, policy());
    const stuck = scripted('cited-urls', ['hang-ignoring-signal']);
    const quick = scripted('archive', [[finding('a1')]]);
    const results = await runAdapters([stuck.adapter, quick.adapter], claim, policies);
    expect(results.map((r) => [r.source, r.status])).toEqual([
      ['cited-urls', 'timed_out'],
      ['archive', 'answered'],
    ]);
  });

  it('stops every source when the job’s deadline passes', async () => {
    policies = new AdapterPolicies({}, policy({ timeoutMs: 60_000 }));
    const slow = scripted('archive', ['hang']);
    const deadline = new AbortController();
    const running = runAdapters([slow.adapter], claim, policies, { signal: deadline.signal });
    // The deadline passes while the attempt runs (not before it starts, however slow the host is).
    while (slow.calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    deadline.abort(new Error('corroboration deadline'));
    const [result] = await running;
    expect(result).toMatchObject({
      status: 'timed_out',
      error: 'deadline passed: corroboration deadline',
      attempts: 1,
    });
  });

  it('holds an attempt back until the source’s rate limit allows it', async () => {
    // One attempt per ~16 minutes: the second claim's attempt cannot start before its deadline.
    policies = new AdapterPolicies({ 'claim-review': policy({ ratePerSecond: 0.001 }) }, policy());
    const source = scripted('claim-review', [[finding('c1')]]);
    const [first] = await runAdapters([source.adapter], claim, policies);
    expect(first.status).toBe('answered');

    const deadline = new AbortController();
    setTimeout(() => deadline.abort(new Error('corroboration deadline')), 50);
    const [second] = await runAdapters([source.adapter], claim, policies, { signal: deadline.signal });
    expect(second).toMatchObject({ status: 'timed_out', attempts: 0 });
    expect(source.calls).toHaveLength(1);
  });

  it('runs at most maxConcurrent attempts of a source at once', async () => {
    policies = new AdapterPolicies({}, policy({ maxConcurrent: 1 }));
    let running = 0;
    let mostAtOnce = 0;
    const adapter: SourceAdapter = {
      name: 'archive',
      search: async () => {
        running++;
        mostAtOnce = Math.max(mostAtOnce, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
        return [];
      },
    };
    await Promise.all([1, 2, 3].map(() => runAdapters([adapter], claim, policies)));
    expect(mostAtOnce).toBe(1);
  });
});
