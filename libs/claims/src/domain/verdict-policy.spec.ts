import type { EvidenceAttachedData, Stance } from './claim.events';
import type { ClaimEvidence } from './claim.state';
import type { Publisher, PublisherRegistry } from './publisher';
import { DEFAULT_POLICY_CONFIG, PolicyConfig, PolicyInput, verdictPolicy } from './verdict-policy';

const publisher = (id: string, ownerGroup: string, reliability: number | null): Publisher => ({
  id,
  name: id,
  domain: `${id}.example`,
  ownerGroup,
  reliability,
});
const registry: PublisherRegistry = Object.fromEntries(
  [
    publisher('sky-news', 'comcast', 0.8),
    publisher('nbc-news', 'comcast', 0.8),
    publisher('reuters', 'thomson-reuters', 0.9),
    publisher('breakingviews', 'thomson-reuters', 0.8),
    publisher('ap', 'associated-press', 0.9),
    publisher('bbc', 'bbc', 0.85),
    publisher('express', 'reach', 0.5),
    publisher('tabloid', 'tabloid', 0.2),
    publisher('zero', 'zero', 0),
  ].map((p) => [p.id, p]),
);

let n = 0;
const evidence = (
  publisherId: string,
  stance: Stance,
  extra: Partial<EvidenceAttachedData> = {},
): EvidenceAttachedData => ({
  evidenceId: `e${++n}-${publisherId}`,
  publisher: publisherId,
  url: `https://${publisherId}.example/${n}`,
  excerpt: '...',
  stance,
  confidence: 1,
  attachedBy: { kind: 'worker', source: 'archive' },
  retrievedAt: '2024-09-26T10:00:00.000Z',
  ...extra,
});

const judge = (
  evidence: EvidenceAttachedData[],
  input: Partial<PolicyInput> = {},
  config: Partial<PolicyConfig> = {},
) =>
  verdictPolicy({ evidence, articlePublisher: null, corroborationFinished: false, ...input }, registry, {
    ...DEFAULT_POLICY_CONFIG,
    ...config,
  });
const rulesOf = (verdict: ReturnType<typeof judge>) => verdict.reasons.map((r) => r.rule);

describe('verdictPolicy', () => {
  it('stays reported without evidence while corroboration runs', () => {
    expect(judge([])).toMatchObject({ status: 'reported', reasons: [{ rule: 'awaiting-evidence' }] });
  });

  it('is unverified when corroboration finished without enough evidence', () => {
    expect(judge([evidence('reuters', 'supports')], { corroborationFinished: true })).toMatchObject({
      status: 'unverified',
      reasons: [{ rule: 'corroboration-finished-inconclusive' }],
    });
  });

  it('corroborates with support from two independent publishers, naming the evidence', () => {
    const [a, b] = [evidence('reuters', 'supports'), evidence('bbc', 'supports')];
    expect(judge([a, b])).toEqual({
      status: 'corroborated',
      reasons: [expect.objectContaining({ rule: 'independent-support', evidenceIds: [a.evidenceId, b.evidenceId] })],
    });
  });

  it('honours minIndependentSources', () => {
    const support = [evidence('reuters', 'supports'), evidence('bbc', 'supports')];
    expect(judge(support, {}, { minIndependentSources: 3 }).status).toBe('reported');
    expect(judge([...support, evidence('ap', 'supports')], {}, { minIndependentSources: 3 }).status).toBe(
      'corroborated',
    );
  });

  it('counts publishers of one owner group once', () => {
    const verdict = judge([evidence('sky-news', 'supports'), evidence('nbc-news', 'supports')]);
    expect(verdict.status).toBe('reported');
    expect(rulesOf(verdict)).toContain('same-source-counted-once');
  });

  it('counts an outlet that only repeats another as the original', () => {
    const verdict = judge([evidence('reuters', 'supports'), evidence('express', 'supports', { repeats: 'reuters' })]);
    expect(verdict.status).toBe('reported');
    expect(rulesOf(verdict)).toEqual(expect.arrayContaining(['same-source-counted-once', 'repeat-counts-as-original']));
  });

  it('treats a publisher missing from the registry as unrated, in its own owner group (when unrated may decide)', () => {
    const verdict = judge(
      [evidence('reuters', 'supports'), evidence('unknown-daily', 'supports')],
      {},
      { unratedCanDecide: true },
    );
    expect(verdict.status).toBe('corroborated');
    expect(verdict.reasons[0].detail).toContain('support 1.40');
  });

  it('does not let the claim’s own article publisher (or its owner group) corroborate it', () => {
    const verdict = judge(
      [evidence('sky-news', 'supports'), evidence('nbc-news', 'supports'), evidence('reuters', 'supports')],
      { articlePublisher: 'sky-news' },
    );
    expect(verdict.status).toBe('reported');
    expect(rulesOf(verdict)).toContain('own-article-excluded');
  });

  describe('a claim whose claimant is itself a publisher: “Reuters reported that…”, in a Sky News article', () => {
    const reutersClaim = { articlePublisher: 'sky-news', claimantPublisher: 'reuters' };
    const own = () => [
      evidence('reuters', 'supports'),
      evidence('express', 'supports', { repeats: 'reuters' }),
      evidence('bbc', 'supports'),
    ];

    it('does not let Reuters, or an outlet repeating Reuters, corroborate Reuters’ own claim', () => {
      const [reuters, repeat, bbc] = own();
      const verdict = judge([reuters, repeat, bbc], reutersClaim);
      expect(verdict.status).toBe('reported');
      expect(verdict.reasons[0].detail).toMatch(/^1 of 2 independent supporting sources/);
      expect(verdict.reasons).toContainEqual(
        expect.objectContaining({
          rule: 'claimant-own-reporting-excluded',
          evidenceIds: [reuters.evidenceId, repeat.evidenceId],
        }),
      );
    });

    it('is corroborated by a second independent publisher', () => {
      const [reuters, repeat, bbc] = own();
      const ap = evidence('ap', 'supports');
      const verdict = judge([reuters, repeat, bbc, ap], reutersClaim);
      expect(verdict.status).toBe('corroborated');
      expect(verdict.reasons[0]).toMatchObject({
        rule: 'independent-support',
        evidenceIds: [bbc.evidenceId, ap.evidenceId],
      });
    });

    it('does not let another title of the claimant’s owner group corroborate it', () => {
      const verdict = judge([evidence('breakingviews', 'supports'), evidence('bbc', 'supports')], reutersClaim);
      expect(verdict.status).toBe('reported');
      expect(rulesOf(verdict)).toContain('claimant-own-reporting-excluded');
    });

    it('changes nothing when the claimant is no publisher', () => {
      const verdict = judge(own(), { articlePublisher: 'sky-news', claimantPublisher: null });
      expect(verdict.status).toBe('corroborated');
      expect(rulesOf(verdict)).not.toContain('claimant-own-reporting-excluded');
    });

    it('lists evidence from the article’s own group once, under own-article-excluded, when the claimant is the article’s publisher', () => {
      const sky = evidence('sky-news', 'supports');
      const verdict = judge([sky, evidence('bbc', 'supports')], {
        articlePublisher: 'sky-news',
        claimantPublisher: 'sky-news',
      });
      expect(verdict.reasons).toContainEqual(
        expect.objectContaining({ rule: 'own-article-excluded', evidenceIds: [sky.evidenceId] }),
      );
      expect(rulesOf(verdict)).not.toContain('claimant-own-reporting-excluded');
    });
  });

  it('does not count support of zero weight', () => {
    expect(judge([evidence('reuters', 'supports'), evidence('zero', 'supports')]).status).toBe('reported');
  });

  it('denies when a credible independent refutation outweighs support', () => {
    const refutation = evidence('bbc', 'refutes');
    expect(judge([evidence('express', 'supports'), refutation])).toMatchObject({
      status: 'denied',
      reasons: [{ rule: 'credible-refutation', evidenceIds: [refutation.evidenceId] }],
    });
  });

  it('does not weigh refutation from publishers below minCredibleReliability', () => {
    const verdict = judge([evidence('tabloid', 'refutes'), evidence('express', 'refutes')], {
      corroborationFinished: true,
    });
    expect(verdict.status).toBe('unverified');
    expect(rulesOf(verdict)).toContain('refuter-not-credible');
    expect(
      judge([evidence('reuters', 'supports'), evidence('bbc', 'supports'), evidence('tabloid', 'refutes')]).status,
    ).toBe('corroborated');
  });

  it('given a credible refuter whose disagree probability is below minDisagreeProbability, when judged, then it does not deny', () => {
    const weak = judge([evidence('bbc', 'refutes', { confidence: 0.55 })], { corroborationFinished: true });
    expect(weak.status).toBe('unverified');
    expect(rulesOf(weak)).toContain('refuter-not-credible');
    expect(judge([evidence('bbc', 'refutes', { confidence: 0.65 })]).status).toBe('denied');
    expect(judge([evidence('bbc', 'refutes', { confidence: 0.65 })], {}, { minDisagreeProbability: 0.7 }).status).toBe(
      'reported',
    );
  });

  it('given support whose agree probability is below minAgreeProbability, when judged, then it is recorded, not counted', () => {
    const weak = judge([evidence('reuters', 'supports', { confidence: 0.65 }), evidence('bbc', 'supports')], {
      corroborationFinished: true,
    });
    expect(weak.status).toBe('unverified');
    expect(weak.reasons.find((r) => r.rule === 'support-not-confident')?.evidenceIds).toEqual([
      expect.stringContaining('reuters'),
    ]);
    const confident = [evidence('reuters', 'supports', { confidence: 0.75 }), evidence('bbc', 'supports')];
    expect(judge(confident).status).toBe('corroborated');
    expect(judge(confident, {}, { minAgreeProbability: 0.8 }).status).toBe('reported');
  });

  it('treats an unrated refuter as not credible under the default thresholds', () => {
    expect(judge([evidence('unknown-daily', 'refutes')]).status).toBe('reported');
    expect(
      judge([evidence('unknown-daily', 'refutes')], {}, { unratedReliability: 0.7, unratedCanDecide: true }).status,
    ).toBe('denied');
  });

  it('records a denial by the claim’s own subject, weighted low, and never denies on it alone', () => {
    const denial = evidence('embassy', 'refutes', { subjectResponse: true });
    const verdict = judge([denial], { corroborationFinished: true });
    expect(verdict.status).toBe('unverified');
    expect(verdict.reasons).toContainEqual(
      expect.objectContaining({ rule: 'subject-denial', evidenceIds: [denial.evidenceId] }),
    );
    expect(verdict.reasons.find((r) => r.rule === 'subject-denial')?.detail).toContain('0.30');
  });

  it('does not count the claim’s subject backing it as corroboration', () => {
    const verdict = judge([
      evidence('reuters', 'supports'),
      evidence('chinese-embassy', 'supports', { subjectResponse: true }),
    ]);
    expect(verdict.status).toBe('reported');
    expect(rulesOf(verdict)).toContain('subject-statement-not-independent');
  });

  it('adds the subject’s denial to credible refutation when weighing it against support', () => {
    const evidenceList = [
      evidence('reuters', 'supports'),
      evidence('bbc', 'refutes', { confidence: 0.95 }),
      evidence('embassy', 'refutes', { subjectResponse: true }),
    ];
    // 0.8075 refutation alone is below 0.9 support; with the subject's 0.3 it outweighs it.
    expect(judge(evidenceList).status).toBe('denied');
    expect(judge(evidenceList, {}, { subjectDenialWeight: 0 }).status).toBe('reported');
  });

  it('corroborates only when support outweighs refutation times supportMargin', () => {
    const evidenceList = [evidence('reuters', 'supports'), evidence('ap', 'supports'), evidence('bbc', 'refutes')];
    expect(judge(evidenceList).status).toBe('corroborated');
    expect(judge(evidenceList, { corroborationFinished: true }, { supportMargin: 2.5 }).status).toBe('unverified');
  });

  it('weighs each source by reliability times confidence, strongest piece per owner group', () => {
    const verdict = judge(
      [
        evidence('reuters', 'supports', { confidence: 0.5 }),
        evidence('reuters', 'supports'),
        evidence('bbc', 'supports', { confidence: 0.4 }),
      ],
      {},
      { minAgreeProbability: 0 },
    );
    expect(verdict.reasons[0].detail).toContain('support 1.24');
  });

  it('records neutral evidence without weighing it', () => {
    const verdict = judge([evidence('nato', 'neutral')]);
    expect(verdict.status).toBe('reported');
    expect(rulesOf(verdict)).toContain('neutral-evidence');
  });

  describe('the seed article: an anonymous western official tells Sky News of Chinese attack drones for Russia', () => {
    const seed = { articlePublisher: 'sky-news' };
    const reutersEarlierReport = evidence('reuters', 'supports', {
      excerpt: 'Russia has set up a weapons programme in China to develop attack drones',
    });
    const repeatOfReuters = evidence('express', 'supports', {
      repeats: 'reuters',
      excerpt: 'Reuters reported that...',
    });
    const repeatOfSky = evidence('tabloid', 'supports', {
      repeats: 'sky-news',
      excerpt: 'a western official told Sky News...',
    });
    const embassyNonDenial = evidence('chinese-embassy-london', 'neutral', {
      subjectResponse: true,
      excerpt: 'not aware of the specifics you mentioned',
    });
    const embassyDenial = evidence('chinese-embassy-london', 'refutes', {
      subjectResponse: true,
      confidence: 0.6,
      excerpt: 'China exercises strict export control over drones',
    });
    const nato = evidence('nato', 'neutral', { excerpt: 'These reports are deeply concerning' });

    it('is not corroborated by Reuters plus outlets merely repeating Sky or Reuters', () => {
      const verdict = judge([reutersEarlierReport, repeatOfReuters, repeatOfSky], seed);
      expect(verdict.status).toBe('reported');
      expect(rulesOf(verdict)).toEqual(expect.arrayContaining(['own-article-excluded', 'repeat-counts-as-original']));
    });

    it('treats the embassy’s “not aware of the specifics” and NATO’s “deeply concerning” as neutral, not refutation', () => {
      const verdict = judge([reutersEarlierReport, embassyNonDenial, nato], { ...seed, corroborationFinished: true });
      expect(verdict.status).toBe('unverified');
      expect(verdict.reasons.find((r) => r.rule === 'neutral-evidence')?.evidenceIds).toEqual([
        embassyNonDenial.evidenceId,
        nato.evidenceId,
      ]);
    });

    it('is not denied by the embassy’s general denial, which is shown as the subject’s response', () => {
      const verdict = judge([reutersEarlierReport, embassyDenial, embassyNonDenial, nato], seed);
      expect(verdict.status).toBe('reported');
      expect(rulesOf(verdict)).toContain('subject-denial');
    });

    it('is corroborated once a second independent publisher supports it, despite the embassy’s denial', () => {
      const verdict = judge(
        [reutersEarlierReport, repeatOfReuters, embassyDenial, nato, evidence('ap', 'supports')],
        seed,
      );
      expect(verdict.status).toBe('corroborated');
      expect(verdict.reasons[0].evidenceIds).not.toContain(embassyDenial.evidenceId);
    });
  });
  describe('attribution: evidence stances are toward the claim’s text, the status is about the claim', () => {
    const denies = { kind: 'denies' as const, checkable: true };

    it('given credible support for a denied proposition, when weighed, then the denial is denied, polarity named', () => {
      const [a, b] = [evidence('reuters', 'supports'), evidence('bbc', 'supports')];
      const verdict = judge([a, b], { attribution: denies });
      expect(verdict.status).toBe('denied');
      expect(verdict.reasons).toEqual([
        expect.objectContaining({ rule: 'credible-refutation', evidenceIds: [a.evidenceId, b.evidenceId] }),
        expect.objectContaining({ rule: 'denial-polarity', evidenceIds: [a.evidenceId, b.evidenceId] }),
      ]);
    });

    it('given two independent refutations of a denied proposition, then the denial is corroborated', () => {
      expect(judge([evidence('reuters', 'refutes'), evidence('bbc', 'refutes')], { attribution: denies }).status).toBe(
        'corroborated',
      );
    });

    it('given the subject backing its own denial, then it is not independent corroboration', () => {
      const subject = evidence('express', 'refutes', { subjectResponse: true });
      expect(rulesOf(judge([subject], { attribution: denies }))).toEqual([
        'awaiting-evidence',
        'subject-statement-not-independent',
        'denial-polarity',
      ]);
    });

    it('given neutral evidence only, then nothing is flipped', () => {
      expect(rulesOf(judge([evidence('reuters', 'neutral')], { attribution: denies }))).toEqual([
        'awaiting-evidence',
        'neutral-evidence',
      ]);
    });

    it('weighs accusations and reports like assertions', () => {
      const support = [evidence('reuters', 'supports'), evidence('bbc', 'supports')];
      expect(judge(support, { attribution: { kind: 'accuses', checkable: true } }).status).toBe('corroborated');
      expect(judge(support, { attribution: { kind: 'reports', checkable: true } }).status).toBe('corroborated');
    });

    it('given a claim that is not checkable, then it is unverified whatever the evidence, which is listed not weighed', () => {
      const support = [evidence('reuters', 'supports'), evidence('bbc', 'supports')];
      expect(judge(support, { attribution: { kind: 'predicts', checkable: false } })).toEqual({
        status: 'unverified',
        reasons: [expect.objectContaining({ rule: 'not-checkable', evidenceIds: support.map((e) => e.evidenceId) })],
      });
    });
  });
});

describe('verdictPolicy: who attached the evidence, and whether its publisher is rated', () => {
  const byReporter = (keyId: string) => ({ attachedBy: { kind: 'person' as const, keyId, role: 'reporter' } });
  const confirmed = (e: EvidenceAttachedData): ClaimEvidence => ({
    ...e,
    confirmedBy: {
      keyId: 'editor-key',
      role: 'editor',
      reason: 'checked the page',
      confirmedAt: '2024-09-26T11:00:00Z',
    },
  });

  it('given two independent publishers’ support attached by hand with one reporter key, when weighed, then they count as one source', () => {
    const [a, b] = [evidence('reuters', 'supports', byReporter('k1')), evidence('bbc', 'supports', byReporter('k1'))];
    const verdict = judge([a, b], { corroborationFinished: true });
    expect(verdict.status).toBe('unverified');
    expect(verdict.reasons[0].detail).toContain('1 of 2 independent supporting sources');
    expect(verdict.reasons).toContainEqual(
      expect.objectContaining({ rule: 'same-key-counted-once', evidenceIds: [a.evidenceId, b.evidenceId] }),
    );
  });

  it('given the same support attached by two reporter keys, when weighed, then it corroborates', () => {
    const verdict = judge([
      evidence('reuters', 'supports', byReporter('k1')),
      evidence('bbc', 'supports', byReporter('k2')),
    ]);
    expect(verdict.status).toBe('corroborated');
    expect(rulesOf(verdict)).not.toContain('same-key-counted-once');
  });

  it('given one key’s hand-attached support, when an editor has confirmed one piece, then each counts as its source', () => {
    const [a, b] = [evidence('reuters', 'supports', byReporter('k1')), evidence('bbc', 'supports', byReporter('k1'))];
    const verdict = judge([confirmed(a), b]);
    expect(verdict).toMatchObject({
      status: 'corroborated',
      reasons: [{ rule: 'independent-support', evidenceIds: [a.evidenceId, b.evidenceId] }],
    });
  });

  it('given support an editor attached by hand, when weighed, then it stands as its source without confirmation', () => {
    const editor = { attachedBy: { kind: 'person' as const, keyId: 'e1', role: 'editor' } };
    expect(judge([evidence('reuters', 'supports', editor), evidence('bbc', 'supports', editor)]).status).toBe(
      'corroborated',
    );
  });

  it('given a worker’s finding and one key’s support of two more publishers, when weighed, then the key adds one source', () => {
    const verdict = judge(
      [
        evidence('reuters', 'supports'),
        evidence('bbc', 'supports', byReporter('k1')),
        evidence('ap', 'supports', byReporter('k1')),
      ],
      {},
      { minIndependentSources: 3 },
    );
    expect(verdict.status).toBe('reported');
    expect(verdict.reasons[0].detail).toContain('2 of 3 independent supporting sources');
  });

  it('given one key’s hand-attached support of a publisher a worker also found, when weighed, then it is that one source', () => {
    const verdict = judge([evidence('reuters', 'supports'), evidence('reuters', 'supports', byReporter('k1'))]);
    expect(verdict.status).toBe('reported');
    expect(rulesOf(verdict)).toContain('same-source-counted-once');
  });

  it('given one key’s refutations from two credible publishers, when weighed against two sources’ support, then they weigh as one', () => {
    const support = [
      evidence('reuters', 'supports', { confidence: 0.7 }),
      evidence('ap', 'supports', { confidence: 0.7 }),
    ];
    const refutation = [
      evidence('bbc', 'refutes', byReporter('k1')),
      evidence('sky-news', 'refutes', byReporter('k1')),
    ];
    // Support 0.63 + 0.63 = 1.26; the key's refutation counts once: 0.85 (uncapped it would be 1.65 and deny).
    expect(judge([...support, ...refutation]).status).toBe('corroborated');
    expect(judge([...support, ...refutation.map(confirmed)]).status).toBe('denied');
  });

  describe('findings a worker read from archive articles someone posted through the API', () => {
    const postedBy = (keyId: string, role = 'reporter') => ({
      attachedBy: { kind: 'worker' as const, source: 'archive', postedBy: { keyId, role } },
    });

    it('given two publishers’ support read from articles one reporter key posted, when weighed, then they count as one source', () => {
      const [a, b] = [evidence('reuters', 'supports', postedBy('k1')), evidence('bbc', 'supports', postedBy('k1'))];
      const verdict = judge([a, b], { corroborationFinished: true });
      expect(verdict.status).toBe('unverified');
      expect(verdict.reasons[0].detail).toContain('1 of 2 independent supporting sources');
      expect(verdict.reasons).toContainEqual(
        expect.objectContaining({ rule: 'same-key-counted-once', evidenceIds: [a.evidenceId, b.evidenceId] }),
      );
    });

    it('given one article the key posted and one it attached by hand, when weighed, then the key adds one source', () => {
      const verdict = judge([
        evidence('reuters', 'supports', postedBy('k1')),
        evidence('bbc', 'supports', byReporter('k1')),
      ]);
      expect(verdict.status).toBe('reported');
      expect(rulesOf(verdict)).toContain('same-key-counted-once');
    });

    it('given articles two reporter keys posted, or an editor posted, when weighed, then each counts as its source', () => {
      expect(
        judge([evidence('reuters', 'supports', postedBy('k1')), evidence('bbc', 'supports', postedBy('k2'))]).status,
      ).toBe('corroborated');
      const editor = postedBy('e1', 'editor');
      expect(judge([evidence('reuters', 'supports', editor), evidence('bbc', 'supports', editor)]).status).toBe(
        'corroborated',
      );
    });

    it('given one reporter’s posted articles, when an editor confirms one finding, then each counts as its source', () => {
      const [a, b] = [evidence('reuters', 'supports', postedBy('k1')), evidence('bbc', 'supports', postedBy('k1'))];
      expect(judge([confirmed(a), b]).status).toBe('corroborated');
    });
  });

  describe('unrated publishers (POLICY_UNRATED_CAN_DECIDE)', () => {
    it('given support from two publishers the registry has not rated, when weighed by default, then they are shown, not weighed', () => {
      const [a, b] = [evidence('invented-times', 'supports'), evidence('made-up-daily', 'supports')];
      const verdict = judge([a, b], { corroborationFinished: true });
      expect(verdict.status).toBe('unverified');
      expect(verdict.reasons).toContainEqual(
        expect.objectContaining({ rule: 'unrated-publisher-not-weighed', evidenceIds: [a.evidenceId, b.evidenceId] }),
      );
    });

    it('given an unrated refuter, however confident, when weighed by default, then it cannot deny', () => {
      const verdict = judge([evidence('invented-times', 'refutes')], {}, { unratedReliability: 1 });
      expect(verdict.status).toBe('reported');
      expect(rulesOf(verdict)).toContain('unrated-publisher-not-weighed');
    });

    it('given an unrated outlet that says it repeats a rated one, when weighed by default, then it is not weighed as the original', () => {
      const verdict = judge([
        evidence('bbc', 'supports'),
        evidence('invented-times', 'supports', { repeats: 'reuters' }),
      ]);
      expect(verdict.status).toBe('reported');
      expect(rulesOf(verdict)).toContain('unrated-publisher-not-weighed');
    });

    it('given a rated outlet that repeats an unrated one, when weighed by default, then it counts as the unrated original: not weighed', () => {
      expect(
        judge([evidence('bbc', 'supports'), evidence('ap', 'supports', { repeats: 'invented-times' })]).status,
      ).toBe('reported');
    });

    it('given unrated support, when unrated publishers may decide, then it is weighed at the unrated reliability', () => {
      const verdict = judge(
        [evidence('invented-times', 'supports'), evidence('made-up-daily', 'supports')],
        {},
        { unratedCanDecide: true },
      );
      expect(verdict.status).toBe('corroborated');
      expect(rulesOf(verdict)).not.toContain('unrated-publisher-not-weighed');
    });

    it('given the claim’s subject, unrated, denying it, when weighed by default, then its denial is still weighed as the subject’s', () => {
      const verdict = judge([evidence('embassy', 'refutes', { subjectResponse: true })]);
      expect(rulesOf(verdict)).toEqual(['awaiting-evidence', 'subject-denial']);
    });
  });
});
