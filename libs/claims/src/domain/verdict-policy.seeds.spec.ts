import seedPublishers from '../../../../seeds/publishers.json';
import type { EvidenceAttachedData, Stance } from './claim.events';
import type { PublisherRegistry } from './publisher';
import { DEFAULT_POLICY_CONFIG, PolicyConfig, verdictPolicy } from './verdict-policy';

/** The seed story's claims against the demo publishers registry (seeds/publishers.json) and synthetic archive. */
const registry: PublisherRegistry = Object.fromEntries(seedPublishers.publishers.map((p) => [p.id, p]));

const found = (publisher: string, stance: Stance, extra: Partial<EvidenceAttachedData> = {}): EvidenceAttachedData => ({
  evidenceId: `${publisher}-${stance}`,
  publisher,
  url: `https://${publisher}.example/`,
  excerpt: '...',
  stance,
  confidence: 0.9,
  attachedBy: { kind: 'worker', source: 'archive' },
  retrievedAt: '2024-10-20T00:00:00.000Z',
  ...extra,
});
const judge = (
  evidence: EvidenceAttachedData[],
  corroborationFinished = true,
  claimantPublisher: string | null = null,
  config: Partial<PolicyConfig> = {},
) =>
  verdictPolicy({ evidence, articlePublisher: 'sky-news', claimantPublisher, corroborationFinished }, registry, {
    ...DEFAULT_POLICY_CONFIG,
    ...config,
  });

describe('verdict policy on the seed story', () => {
  it('leaves the western official’s allegation unverified: repeats, the subject’s denial and non-denial, and NATO’s concern settle nothing', () => {
    const verdict = judge([
      found('daily-bulletin', 'supports', { repeats: 'sky-news' }),
      found('world-briefing-wire', 'supports', { repeats: 'reuters' }),
      found('chinese-foreign-ministry', 'refutes', { subjectResponse: true }),
      found('chinese-embassy-uk', 'neutral', {
        subjectResponse: true,
        excerpt: 'not aware of the specifics you mentioned',
      }),
      found('nato', 'neutral', { excerpt: 'These reports are deeply concerning' }),
    ]);
    expect(verdict.status).toBe('unverified');
    expect(verdict.reasons.map((r) => r.rule)).toEqual(
      expect.arrayContaining([
        'own-article-excluded',
        'repeat-counts-as-original',
        'subject-denial',
        'neutral-evidence',
      ]),
    );
  });

  it('corroborates the Garpiya-3 programme in China from two independent outlets', () => {
    expect(
      judge([found('central-european-defence-journal', 'supports'), found('nordic-security-monitor', 'supports')])
        .status,
    ).toBe('corroborated');
  });

  it('leaves Reuters’ “weapons programme in China” unverified: the wire only repeats Reuters, the claimant', () => {
    const evidence = [
      found('central-european-defence-journal', 'supports'),
      found('world-briefing-wire', 'supports', { repeats: 'reuters' }),
    ];
    // The wire is unrated: by default it is not weighed at all; were it allowed to decide, only the claimant rule stops it.
    expect(judge(evidence, true, null).status).toBe('unverified');
    expect(judge(evidence, true, null, { unratedCanDecide: true }).status).toBe('corroborated');
    const verdict = judge(evidence, true, 'reuters', { unratedCanDecide: true });
    expect(verdict.status).toBe('unverified');
    expect(verdict.reasons).toContainEqual(
      expect.objectContaining({
        rule: 'claimant-own-reporting-excluded',
        evidenceIds: ['world-briefing-wire-supports'],
      }),
    );
  });

  it('does not corroborate the drone samples from two titles of one owner group', () => {
    expect(judge([found('nordic-post', 'supports'), found('nordic-security-monitor', 'supports')]).status).toBe(
      'unverified',
    );
  });

  it('corroborates the Kupol sanctions from the Treasury and an independent outlet', () => {
    expect(
      judge([found('us-treasury', 'supports'), found('pacific-ledger', 'supports'), found('white-house', 'neutral')])
        .status,
    ).toBe('corroborated');
  });

  it('denies the embassy’s “strict export control”, which only the embassy itself backs', () => {
    const verdict = judge([
      found('chinese-embassy-uk', 'supports', { subjectResponse: true }),
      found('export-control-observatory', 'refutes'),
      found('pacific-ledger', 'refutes'),
    ]);
    expect(verdict.status).toBe('denied');
    expect(verdict.reasons[0].evidenceIds).toEqual(['export-control-observatory-refutes', 'pacific-ledger-refutes']);
  });
});
