import { IllegalTransition, NotFound } from '@claimtrail/errors';
import { attributionOf } from './claim-attribution';
import type { DecisionContext } from './claim.commands';
import type { ClaimEvent, EvidenceAttachedData, Stance } from './claim.events';
import { canTransition, claimDecider } from './claim.decider';
import { deciderSpec } from '../testing/decider-specification';
import { DEFAULT_POLICY_CONFIG } from './verdict-policy';

const spec = deciderSpec(claimDecider);
const claimId = 'c0ffee00-0000-4000-8000-000000000001';
const now = new Date('2024-09-26T12:00:00.000Z');
const context: DecisionContext = {
  publishers: {
    'sky-news': { id: 'sky-news', name: 'Sky News', domain: 'news.sky.com', ownerGroup: 'comcast', reliability: 0.8 },
    reuters: { id: 'reuters', name: 'Reuters', domain: 'reuters.com', ownerGroup: 'thomson-reuters', reliability: 0.9 },
    bbc: { id: 'bbc', name: 'BBC', domain: 'bbc.co.uk', ownerGroup: 'bbc', reliability: 0.85 },
    ap: { id: 'ap', name: 'AP', domain: 'apnews.com', ownerGroup: 'associated-press', reliability: 0.9 },
    'le-monde': { id: 'le-monde', name: 'Le Monde', domain: 'lemonde.fr', ownerGroup: 'le-monde', reliability: 0.9 },
    express: { id: 'express', name: 'Express', domain: 'express.co.uk', ownerGroup: 'reach', reliability: 0.5 },
  },
  policy: DEFAULT_POLICY_CONFIG,
};

const reported: ClaimEvent = {
  type: 'ClaimReported',
  data: {
    claimId,
    text: 'Chinese companies are supplying military attack drones to Russia',
    claimant: 'a western official',
    attribution: attributionOf({ verb: 'told', kind: 'asserts', quote: 'indirect' }),
    article: {
      url: 'https://news.sky.com/story/1',
      title: 'Clear evidence',
      publisher: 'sky-news',
      publishedAt: '2024-09-26T06:00:00.000Z',
    },
    citedUrls: [],
    language: 'en',
    reportedAt: '2024-09-26T11:00:00.000Z',
  },
};
const corroborationRequested: ClaimEvent = {
  type: 'CorroborationRequested',
  data: { requestId: 'r1', sources: ['archive', 'fact-checks'], deadline: '2024-09-26T11:10:00.000Z' },
};
const corroborationFinished: ClaimEvent = {
  type: 'CorroborationFinished',
  data: { requestId: 'r1', answered: ['archive', 'fact-checks'], failed: [], timedOut: [] },
};

const evidence = (
  id: string,
  publisher: string,
  stance: Stance,
  extra: Partial<EvidenceAttachedData> = {},
): EvidenceAttachedData => ({
  evidenceId: id,
  publisher,
  url: `https://${publisher}.example/${id}`,
  excerpt: '...',
  stance,
  confidence: 1,
  attachedBy: { kind: 'worker', source: 'archive' },
  retrievedAt: now.toISOString(),
  ...extra,
});
const attached = (e: EvidenceAttachedData): ClaimEvent => ({ type: 'EvidenceAttached', data: e });
const attach = (e: EvidenceAttachedData) => ({ type: 'AttachEvidence' as const, claimId, evidence: e, context, now });
const changed = (from: string, to: string, by = 'policy') => ({ type: 'ClaimStatusChanged', data: { from, to, by } });
const status = (from: string, to: string): ClaimEvent =>
  ({ type: 'ClaimStatusChanged', data: { from, to, reasons: [], by: 'policy' } }) as ClaimEvent;
const verdict = (s: 'corroborated' | 'denied' | 'unverified', reason = 'checked with the source') => ({
  type: 'SetEditorVerdict' as const,
  claimId,
  status: s,
  reason,
  context,
  now,
});
const withdraw = (reason = 'new evidence') => ({
  type: 'WithdrawEditorVerdict' as const,
  claimId,
  reason,
  context,
  now,
});

const reuters = evidence('e-reuters', 'reuters', 'supports');
const bbc = evidence('e-bbc', 'bbc', 'supports');
const corroborated = [reported, attached(reuters), attached(bbc), status('reported', 'corroborated')];

describe('claim decider', () => {
  describe('ReportClaim', () => {
    const report = {
      type: 'ReportClaim' as const,
      claimId,
      text: 'text',
      claimant: 'someone',
      citedUrls: ['https://example.org/a'],
      language: 'en',
      now,
    };

    it('reports a new claim; an attribution not given is a checkable assertion, verb unknown', () =>
      spec
        .given([])
        .when(report)
        .then([
          {
            type: 'ClaimReported',
            data: {
              claimId,
              text: 'text',
              claimant: 'someone',
              attribution: { verb: null, kind: 'asserts', quote: null, checkable: true, negated: false },
              citedUrls: ['https://example.org/a'],
              language: 'en',
              reportedAt: now.toISOString(),
            },
          },
        ]));

    it('records the attribution as given, completing the rest', () =>
      spec
        .given([])
        .when({ ...report, attribution: { verb: 'denied', kind: 'denies', quote: 'indirect' } })
        .thenMatches([
          {
            type: 'ClaimReported',
            data: {
              attribution: { verb: 'denied', kind: 'denies', quote: 'indirect', checkable: true, negated: false },
            },
          },
        ]));

    const round = { requestId: 'r1', sources: ['archive'], deadline: new Date('2024-09-26T12:10:00Z') };
    const notCheckable = {
      type: 'ClaimStatusChanged',
      data: { from: 'reported', to: 'unverified', by: 'policy', reasons: [{ rule: 'not-checkable' }] },
    };

    it('records an opinion (vow, prediction, question) but requests no round: it is unverified at once, not-checkable', () =>
      spec
        .given([])
        .when({ ...report, attribution: { verb: 'vowed', kind: 'promises' }, corroboration: round })
        .thenMatches([
          { type: 'ClaimReported', data: { attribution: { kind: 'promises', checkable: false } } },
          notCheckable,
        ]));

    it('treats a negated attribution ("did not confirm that …") as not checkable', () =>
      spec
        .given([])
        .when({ ...report, attribution: { verb: 'confirm', kind: 'asserts', negated: true }, corroboration: round })
        .thenMatches([
          { type: 'ClaimReported', data: { attribution: { checkable: false, negated: true } } },
          notCheckable,
        ]));

    it('lets the reporter say an assertion is not checkable (a feeling), and a belief is', () => {
      spec
        .given([])
        .when({ ...report, attribution: { kind: 'asserts', checkable: false } })
        .thenMatches([{ type: 'ClaimReported' }, notCheckable]);
      spec
        .given([])
        .when({ ...report, attribution: { kind: 'believes', checkable: true }, corroboration: round })
        .thenMatches([
          { type: 'ClaimReported', data: { attribution: { checkable: true } } },
          { type: 'CorroborationRequested' },
        ]);
    });

    it('requests the first corroboration round with the report', () =>
      spec
        .given([])
        .when({
          ...report,
          corroboration: { requestId: 'r1', sources: ['archive'], deadline: new Date('2024-09-26T12:10:00Z') },
        })
        .thenMatches([
          { type: 'ClaimReported' },
          {
            type: 'CorroborationRequested',
            data: { requestId: 'r1', sources: ['archive'], deadline: '2024-09-26T12:10:00.000Z' },
          },
        ]));

    it('records the claimant’s publisher when the claimant is one', () =>
      spec
        .given([])
        .when({ ...report, claimant: 'Reuters', claimantPublisher: 'reuters' })
        .thenMatches([{ type: 'ClaimReported', data: { claimant: 'Reuters', claimantPublisher: 'reuters' } }]));

    it('refuses to report a claim twice', () =>
      spec.given([reported]).when(report).thenThrows(IllegalTransition, { rule: 'claim-already-reported' }));
  });

  describe('a claim by a publisher: “Reuters reported that Kupol developed the Garpiya-3 in China”, in a Sky News article', () => {
    const reutersClaim: ClaimEvent = {
      type: 'ClaimReported',
      data: { ...(reported.data as object), claimant: 'Reuters', claimantPublisher: 'reuters' },
    } as ClaimEvent;
    const repeat = evidence('e-repeat', 'le-monde', 'supports', { repeats: 'reuters' });
    const ap = evidence('e-ap', 'ap', 'supports');

    it('is not corroborated by Reuters, a repeat of Reuters and one independent source', () =>
      spec
        .given([reutersClaim, attached(reuters), attached(repeat)])
        .when(attach(bbc))
        .then([attached(bbc)]));

    it('is corroborated by a second independent source, with Reuters’ own reporting excluded', () =>
      spec
        .given([reutersClaim, attached(reuters), attached(repeat), attached(bbc)])
        .when(attach(ap))
        .thenMatches([
          attached(ap),
          {
            type: 'ClaimStatusChanged',
            data: {
              to: 'corroborated',
              reasons: [
                { rule: 'independent-support', evidenceIds: ['e-bbc', 'e-ap'] },
                { rule: 'claimant-own-reporting-excluded', evidenceIds: ['e-reuters', 'e-repeat'] },
                { rule: 'repeat-counts-as-original' },
              ],
            },
          },
        ]));

    it('still counts Reuters when the claimant is no publisher (events without claimantPublisher)', () =>
      spec
        .given([reported, attached(repeat)])
        .when(attach(bbc))
        .thenMatches([attached(bbc), changed('reported', 'corroborated')]));
  });

  describe('a denial: “Podolyak denied Kyiv had any involvement” (text: the proposition denied)', () => {
    const denial: ClaimEvent = {
      type: 'ClaimReported',
      data: {
        ...(reported.data as object),
        text: 'Kyiv had any involvement',
        claimant: 'Mykhailo Podolyak',
        attribution: attributionOf({ verb: 'denied', kind: 'denies', quote: 'indirect' }),
      },
    } as ClaimEvent;
    const involved = [evidence('e-reuters', 'reuters', 'supports'), evidence('e-bbc', 'bbc', 'supports')];
    const notInvolved = [evidence('e-reuters', 'reuters', 'refutes'), evidence('e-bbc', 'bbc', 'refutes')];

    it('given credible evidence that Kyiv was involved, the denial is denied (never corroborated)', () =>
      spec
        .given([denial, attached(involved[0])])
        .when(attach(involved[1]))
        .thenMatches([
          attached(involved[1]),
          {
            type: 'ClaimStatusChanged',
            data: {
              from: 'reported',
              to: 'denied',
              reasons: [
                { rule: 'credible-refutation', evidenceIds: ['e-reuters', 'e-bbc'] },
                { rule: 'denial-polarity', evidenceIds: ['e-reuters', 'e-bbc'] },
              ],
            },
          },
        ]));

    it('given independent evidence that Kyiv was not involved, the denial is corroborated', () =>
      spec
        .given([denial, attached(notInvolved[0])])
        .when(attach(notInvolved[1]))
        .thenMatches([attached(notInvolved[1]), changed('reported', 'corroborated')]));

    it('the same evidence corroborates the assertion “Kyiv was involved”', () =>
      spec
        .given([reported, attached(involved[0])])
        .when(attach(involved[1]))
        .thenMatches([attached(involved[1]), changed('reported', 'corroborated')]));
  });

  describe('a claim that is not checkable', () => {
    const vow: ClaimEvent = {
      type: 'ClaimReported',
      data: { ...(reported.data as object), attribution: attributionOf({ verb: 'vowed', kind: 'promises' }) },
    } as ClaimEvent;
    const unverified: ClaimEvent = {
      type: 'ClaimStatusChanged',
      data: { from: 'reported', to: 'unverified', reasons: [], by: 'policy' },
    };

    it('refuses a corroboration round', () =>
      spec
        .given([vow, unverified])
        .when({
          type: 'RequestCorroboration',
          claimId,
          request: { requestId: 'r2', sources: ['archive'], deadline: new Date('2024-09-26T13:00:00Z') },
          now,
        })
        .thenThrows(IllegalTransition, { rule: 'claim-not-checkable' }));

    it('records evidence without weighing it', () =>
      spec
        .given([vow, unverified, attached(reuters)])
        .when(attach(bbc))
        .thenMatches([
          attached(bbc),
          {
            type: 'StatusReasonsRevised',
            data: { status: 'unverified', reasons: [{ rule: 'not-checkable', evidenceIds: ['e-reuters', 'e-bbc'] }] },
          },
        ]));

    it('still takes an editor verdict (the vow was kept)', () =>
      spec
        .given([vow, unverified])
        .when(verdict('corroborated', 'the bridge opened in May'))
        .thenMatches([{ type: 'EditorVerdictSet' }, changed('unverified', 'corroborated', 'editor')]));
  });

  describe('AttachEvidence', () => {
    it('needs an existing claim', () => spec.given([]).when(attach(reuters)).thenThrows(NotFound));

    it('attaches evidence without a status change while the policy still says reported', () =>
      spec
        .given([reported])
        .when(attach(reuters))
        .then([attached(reuters)]));

    it('changes the status when the policy’s verdict changes, with its reasons', () =>
      spec
        .given([reported, attached(reuters)])
        .when(attach(bbc))
        .thenMatches([
          attached(bbc),
          {
            type: 'ClaimStatusChanged',
            data: {
              from: 'reported',
              to: 'corroborated',
              by: 'policy',
              reasons: [{ rule: 'independent-support', evidenceIds: ['e-reuters', 'e-bbc'] }],
            },
          },
        ]));

    it('is idempotent by evidence id', () =>
      spec
        .given([reported, attached(reuters)])
        .when(attach({ ...reuters, excerpt: 'retried' }))
        .then([]));

    it('is idempotent by publisher, URL and stance', () =>
      spec
        .given([reported, attached(reuters)])
        .when(attach({ ...reuters, evidenceId: 'other' }))
        .then([]));

    it('follows the evidence from corroborated to denied', () =>
      spec
        .given([...corroborated, attached(evidence('e-ap', 'ap', 'refutes'))])
        .when(attach(evidence('e-lm', 'le-monde', 'refutes')))
        .thenMatches([
          { type: 'EvidenceAttached' },
          {
            type: 'ClaimStatusChanged',
            data: {
              from: 'corroborated',
              to: 'denied',
              reasons: [{ rule: 'credible-refutation', evidenceIds: ['e-ap', 'e-lm'] }],
            },
          },
        ]));

    it('moves a settled claim the evidence no longer settles to unverified, never back to reported', () =>
      spec
        .given(corroborated)
        .when({
          ...attach(evidence('e-ap', 'ap', 'refutes')),
          context: { ...context, policy: { ...context.policy, supportMargin: 2 } },
        })
        .thenMatches([
          { type: 'EvidenceAttached' },
          {
            type: 'ClaimStatusChanged',
            data: {
              from: 'corroborated',
              to: 'unverified',
              reasons: [{ rule: 'never-back-to-reported' }, { rule: 'awaiting-evidence' }],
            },
          },
        ]));

    describe('restating the reasons of an unchanged status', () => {
      const ap = evidence('e-ap', 'ap', 'refutes');
      const denied: ClaimEvent[] = [
        reported,
        attached(ap),
        {
          type: 'ClaimStatusChanged',
          data: {
            from: 'reported',
            to: 'denied',
            by: 'policy',
            reasons: [{ rule: 'credible-refutation', detail: 'ap', evidenceIds: ['e-ap'] }],
          },
        },
      ];

      it('restates them when the evidence they rest on changes', () =>
        spec
          .given(denied)
          .when(attach(evidence('e-lm', 'le-monde', 'refutes')))
          .thenMatches([
            { type: 'EvidenceAttached' },
            {
              type: 'StatusReasonsRevised',
              data: {
                status: 'denied',
                by: 'policy',
                reasons: [{ rule: 'credible-refutation', evidenceIds: ['e-ap', 'e-lm'] }],
              },
            },
          ]));

      it('restates them when the subject’s own statement is recorded', () =>
        spec
          .given(denied)
          .when(attach(evidence('e-embassy', 'chinese-embassy', 'supports', { subjectResponse: true })))
          .thenMatches([
            { type: 'EvidenceAttached' },
            {
              type: 'StatusReasonsRevised',
              data: {
                status: 'denied',
                reasons: [
                  { rule: 'credible-refutation' },
                  { rule: 'subject-statement-not-independent', evidenceIds: ['e-embassy'] },
                ],
              },
            },
          ]));

      it('leaves them when only the weights move', () =>
        spec
          .given([
            ...corroborated.slice(0, -1),
            {
              type: 'ClaimStatusChanged',
              data: {
                from: 'reported',
                to: 'corroborated',
                by: 'policy',
                reasons: [{ rule: 'independent-support', detail: 'x', evidenceIds: ['e-bbc', 'e-reuters'] }],
              },
            },
          ])
          .when(attach(ap))
          .then([attached(ap)]));

      it('gives the policy’s reasons back when an editor’s verdict of the same status is withdrawn', () =>
        spec
          .given([
            ...denied,
            { type: 'EditorVerdictSet', data: { status: 'denied', reason: 'the ministry retracted' } },
            {
              type: 'StatusReasonsRevised',
              data: {
                status: 'denied',
                by: 'editor',
                reasons: [{ rule: 'editor-verdict', detail: 'the ministry retracted', evidenceIds: [] }],
              },
            },
          ])
          .when(withdraw())
          .thenMatches([
            { type: 'EditorVerdictWithdrawn' },
            {
              type: 'StatusReasonsRevised',
              data: {
                status: 'denied',
                by: 'policy',
                reasons: [{ rule: 'credible-refutation', evidenceIds: ['e-ap'] }],
              },
            },
          ]));
    });

    it('denies when credible refutation outweighs support', () =>
      spec
        .given([reported, attached({ ...reuters, confidence: 0.5 })])
        .when(attach(evidence('e-ap', 'ap', 'refutes')))
        .thenMatches([{ type: 'EvidenceAttached' }, changed('reported', 'denied')]));

    it('refuses new evidence on a duplicate', () =>
      spec
        .given([reported, { type: 'ClaimMarkedDuplicate', data: { duplicateOf: 'other', reason: 'same claim' } }])
        .when(attach(reuters))
        .thenThrows(IllegalTransition, { rule: 'claim-is-duplicate' }));
  });

  describe('AttachEvidenceBatch', () => {
    const batch = (items: EvidenceAttachedData[]) => ({
      type: 'AttachEvidenceBatch' as const,
      claimId,
      evidence: items,
      context,
      now,
    });
    /** What the same items attached one at a time produce, each decided on the state the previous left. */
    const oneByOne = (given: ClaimEvent[], items: EvidenceAttachedData[]): ClaimEvent[] => {
      let state = given.reduce(claimDecider.evolve, claimDecider.initialState());
      const events: ClaimEvent[] = [];
      for (const item of items) {
        const decided = claimDecider.decide(attach(item), state);
        state = decided.reduce(claimDecider.evolve, state);
        events.push(...decided);
      }
      return events;
    };
    const ap = evidence('e-ap', 'ap', 'refutes');
    const lm = evidence('e-lm', 'le-monde', 'refutes');
    const embassy = evidence('e-embassy', 'chinese-embassy', 'supports', { subjectResponse: true });
    const cases: [string, ClaimEvent[], EvidenceAttachedData[]][] = [
      ['a claim corroborated mid-batch', [reported], [reuters, bbc, ap]],
      ['corroborated, then denied, then its reasons restated', [reported], [reuters, bbc, ap, lm, embassy]],
      [
        'a retried batch after its first items went in',
        [reported, attached(reuters)],
        [{ ...reuters, excerpt: 'retried' }, bbc, { ...bbc, evidenceId: 'again' }],
      ],
      ['a settled claim whose reasons move', corroborated, [ap, lm, embassy]],
    ];

    it.each(cases)('produces exactly the events of single attaches: %s', (_name, given, items) => {
      const expected = oneByOne(given, items);
      expect(expected.some((e) => e.type === 'ClaimStatusChanged' || e.type === 'StatusReasonsRevised')).toBe(true);
      spec.given(given).when(batch(items)).then(expected);
    });

    it('changes the status the moment an item settles it', () =>
      spec
        .given([reported])
        .when(batch([reuters, bbc, ap, lm]))
        .thenMatches([
          attached(reuters),
          attached(bbc),
          changed('reported', 'corroborated'),
          attached(ap),
          attached(lm),
          changed('corroborated', 'denied'),
        ]));

    it('attaches nothing twice when the whole batch is retried', () =>
      spec
        .given([reported, attached(reuters), attached(bbc), status('reported', 'corroborated')])
        .when(batch([reuters, bbc]))
        .then([]));

    it('needs an existing claim, even with no items', () => spec.given([]).when(batch([])).thenThrows(NotFound));

    it('refuses new evidence on a duplicate', () =>
      spec
        .given([reported, { type: 'ClaimMarkedDuplicate', data: { duplicateOf: 'other', reason: 'same claim' } }])
        .when(batch([reuters]))
        .thenThrows(IllegalTransition, { rule: 'claim-is-duplicate' }));
  });

  describe('corroboration', () => {
    const request = (requestId: string, at = now) => ({
      type: 'RequestCorroboration' as const,
      claimId,
      request: { requestId, sources: ['archive'], deadline: new Date(at.getTime() + 600_000) },
      now: at,
    });
    const finish = (requestId = 'r1') => ({
      type: 'FinishCorroboration' as const,
      claimId,
      requestId,
      answered: ['archive'],
      failed: [],
      timedOut: ['fact-checks'],
      context,
      now,
    });

    it('requests a round', () =>
      spec
        .given([reported])
        .when(request('r2'))
        .thenMatches([
          { type: 'CorroborationRequested', data: { requestId: 'r2', deadline: '2024-09-26T12:10:00.000Z' } },
        ]));

    it('is idempotent by request id', () =>
      spec.given([reported, corroborationRequested]).when(request('r1')).then([]));

    it("records the later article that started a re-check as the round's reason", () => {
      const reason = { kind: 'new-reporting' as const, articleId: 'a-7', url: 'https://later.example/story' };
      const recheck = { ...request('r2'), request: { ...request('r2').request, reason } };
      return spec
        .given([reported])
        .when(recheck)
        .thenMatches([{ type: 'CorroborationRequested', data: { requestId: 'r2', reason } }]);
    });

    it('refuses a new round while one is running', () =>
      spec
        .given([reported, corroborationRequested])
        .when(request('r2', new Date('2024-09-26T11:05:00Z')))
        .thenThrows(IllegalTransition, { rule: 'corroboration-in-progress' }));

    it('allows a new round once the running one passed its deadline', () =>
      spec
        .given([reported, corroborationRequested])
        .when(request('r2'))
        .thenMatches([{ type: 'CorroborationRequested' }]));

    it('makes a claim without enough evidence unverified when the round finishes', () =>
      spec
        .given([reported, corroborationRequested, attached(reuters)])
        .when(finish())
        .thenMatches([
          { type: 'CorroborationFinished', data: { requestId: 'r1', timedOut: ['fact-checks'] } },
          {
            type: 'ClaimStatusChanged',
            data: { from: 'reported', to: 'unverified', reasons: [{ rule: 'corroboration-finished-inconclusive' }] },
          },
        ]));

    it('ignores a round finishing twice', () =>
      spec.given([reported, corroborationRequested, corroborationFinished]).when(finish()).then([]));

    it('refuses to finish a round never requested', () =>
      spec
        .given([reported])
        .when(finish('nope'))
        .thenThrows(IllegalTransition, { rule: 'corroboration-not-requested' }));
  });

  describe('editor verdicts', () => {
    it('overrides the policy, giving the editor’s reason', () =>
      spec
        .given(corroborated)
        .when(verdict('denied', 'the official retracted'))
        .then([
          { type: 'EditorVerdictSet', data: { status: 'denied', reason: 'the official retracted' } },
          {
            type: 'ClaimStatusChanged',
            data: {
              from: 'corroborated',
              to: 'denied',
              by: 'editor',
              reasons: [{ rule: 'editor-verdict', detail: 'the official retracted', evidenceIds: [] }],
            },
          },
        ]));

    it('requires a reason', () =>
      spec
        .given(corroborated)
        .when(verdict('denied', '  '))
        .thenThrows(IllegalTransition, { rule: 'verdict-requires-reason' }));

    it('cannot send a claim back to reported', () =>
      spec
        .given(corroborated)
        .when({ ...verdict('denied'), status: 'reported' })
        .thenThrows(IllegalTransition, { rule: 'never-back-to-reported' }));

    it('records a verdict agreeing with the current status without a status change, restating the reasons as the editor’s', () =>
      spec
        .given(corroborated)
        .when(verdict('corroborated'))
        .then([
          { type: 'EditorVerdictSet', data: { status: 'corroborated', reason: 'checked with the source' } },
          {
            type: 'StatusReasonsRevised',
            data: {
              status: 'corroborated',
              by: 'editor',
              reasons: [{ rule: 'editor-verdict', detail: 'checked with the source', evidenceIds: [] }],
            },
          },
        ]));

    it('ignores the same verdict set again', () =>
      spec
        .given([
          ...corroborated,
          { type: 'EditorVerdictSet', data: { status: 'corroborated', reason: 'checked with the source' } },
        ])
        .when(verdict('corroborated'))
        .then([]));

    const overruled: ClaimEvent[] = [
      ...corroborated,
      { type: 'EditorVerdictSet', data: { status: 'denied', reason: 'retracted' } },
      {
        type: 'ClaimStatusChanged',
        data: {
          from: 'corroborated',
          to: 'denied',
          by: 'editor',
          reasons: [{ rule: 'editor-verdict', detail: 'retracted', evidenceIds: [] }],
        },
      },
    ];

    it('keeps the editor’s status while evidence arrives', () =>
      spec
        .given(overruled)
        .when(attach(evidence('e-ap', 'ap', 'supports')))
        .then([attached(evidence('e-ap', 'ap', 'supports'))]));

    it('hands the status back to the policy when withdrawn', () =>
      spec
        .given(overruled)
        .when(withdraw())
        .thenMatches([
          { type: 'EditorVerdictWithdrawn', data: { reason: 'new evidence' } },
          changed('denied', 'corroborated'),
        ]));

    it('needs a verdict to withdraw', () =>
      spec.given(corroborated).when(withdraw()).thenThrows(IllegalTransition, { rule: 'no-verdict-to-withdraw' }));

    it('needs a reason to withdraw', () =>
      spec.given(overruled).when(withdraw('')).thenThrows(IllegalTransition, { rule: 'verdict-requires-reason' }));
  });

  describe('ConfirmEvidence', () => {
    const byReporter = { attachedBy: { kind: 'person' as const, keyId: 'k1', role: 'reporter' } };
    const handReuters = evidence('h-reuters', 'reuters', 'supports', byReporter);
    const handBbc = evidence('h-bbc', 'bbc', 'supports', byReporter);
    const confirm = (evidenceId: string, reason = 'checked the page') => ({
      type: 'ConfirmEvidence' as const,
      claimId,
      evidenceId,
      by: { keyId: 'editor-key', role: 'editor' },
      reason,
      context,
      now,
    });
    const confirmedBy = {
      keyId: 'editor-key',
      role: 'editor',
      reason: 'checked the page',
      confirmedAt: now.toISOString(),
    };
    const confirmation: ClaimEvent = { type: 'EvidenceConfirmed', data: { evidenceId: 'h-bbc', confirmedBy } };

    it('given one reporter key’s support of two publishers, when an editor confirms one, then the claim is corroborated', () =>
      spec
        .given([reported, corroborationRequested, attached(handReuters), attached(handBbc)])
        .when(confirm('h-bbc'))
        .thenMatches([
          confirmation,
          {
            type: 'ClaimStatusChanged',
            data: { from: 'reported', to: 'corroborated', reasons: [{ rule: 'independent-support' }] },
          },
        ]));
    it('is idempotent', () =>
      spec
        .given([reported, attached(handReuters), attached(handBbc), confirmation])
        .when(confirm('h-bbc', 'another reason'))
        .then([]));
    it('refuses evidence the claim does not have', () =>
      spec
        .given([reported])
        .when(confirm('nope'))
        .thenThrows(NotFound, { extensions: { resource: 'Evidence', id: 'nope' } }));
    it('given support a worker read from articles one reporter posted, when an editor confirms one, then the claim is corroborated', () => {
      const posted = {
        attachedBy: { kind: 'worker' as const, source: 'archive', postedBy: { keyId: 'k1', role: 'reporter' } },
      };
      const [postedReuters, postedBbc] = [
        evidence('p-reuters', 'reuters', 'supports', posted),
        evidence('p-bbc', 'bbc', 'supports', posted),
      ];
      return spec
        .given([reported, corroborationRequested, attached(postedReuters), attached(postedBbc)])
        .when(confirm('p-bbc'))
        .thenMatches([
          { type: 'EvidenceConfirmed', data: { evidenceId: 'p-bbc', confirmedBy } },
          { type: 'ClaimStatusChanged', data: { from: 'reported', to: 'corroborated' } },
        ]);
    });
    it('refuses evidence a worker found: there is no one to vouch for', () =>
      spec
        .given([reported, attached(reuters)])
        .when(confirm('e-reuters'))
        .thenThrows(IllegalTransition, { rule: 'evidence-needs-no-confirmation' }));
    it('requires a reason', () =>
      spec
        .given([reported, attached(handBbc)])
        .when(confirm('h-bbc', '  '))
        .thenThrows(IllegalTransition, { rule: 'verdict-requires-reason' }));
    it('refuses a duplicate claim', () =>
      spec
        .given([
          reported,
          attached(handBbc),
          { type: 'ClaimMarkedDuplicate', data: { duplicateOf: 'other', reason: 'same claim' } },
        ])
        .when(confirm('h-bbc'))
        .thenThrows(IllegalTransition, { rule: 'claim-is-duplicate' }));
  });

  describe('MarkDuplicate', () => {
    const mark = (
      target: { claimId: string; exists?: boolean; duplicateOf?: string | null },
      reason = 'same claim',
    ) => ({
      type: 'MarkDuplicate' as const,
      claimId,
      target: { exists: true, duplicateOf: null, ...target },
      reason,
      now,
    });
    const duplicate: ClaimEvent = {
      type: 'ClaimMarkedDuplicate',
      data: { duplicateOf: 'other', reason: 'same claim' },
    };

    it('marks a claim a duplicate of another', () =>
      spec
        .given([reported])
        .when(mark({ claimId: 'other' }))
        .then([duplicate]));
    it('is idempotent', () =>
      spec
        .given([reported, duplicate])
        .when(mark({ claimId: 'other' }))
        .then([]));
    it('refuses a second, different original', () =>
      spec
        .given([reported, duplicate])
        .when(mark({ claimId: 'third' }))
        .thenThrows(IllegalTransition, { rule: 'claim-is-duplicate' }));
    it('refuses itself', () =>
      spec.given([reported]).when(mark({ claimId })).thenThrows(IllegalTransition, { rule: 'duplicate-of-itself' }));
    it('refuses a missing original', () =>
      spec
        .given([reported])
        .when(mark({ claimId: 'other', exists: false }))
        .thenThrows(NotFound));
    it('refuses an original that is itself a duplicate', () =>
      spec
        .given([reported])
        .when(mark({ claimId: 'other', duplicateOf: 'first' }))
        .thenThrows(IllegalTransition, { rule: 'duplicate-of-duplicate' }));
    it('requires a reason', () =>
      spec
        .given([reported])
        .when(mark({ claimId: 'other' }, ''))
        .thenThrows(IllegalTransition, { rule: 'verdict-requires-reason' }));
    it('blocks editor verdicts on the duplicate', () =>
      spec
        .given([reported, duplicate])
        .when(verdict('denied'))
        .thenThrows(IllegalTransition, { rule: 'claim-is-duplicate' }));
  });

  describe('the state machine', () => {
    it.each([
      ['reported', 'corroborated', true],
      ['reported', 'denied', true],
      ['reported', 'unverified', true],
      ['corroborated', 'denied', true],
      ['denied', 'unverified', true],
      ['unverified', 'corroborated', true],
      ['corroborated', 'reported', false],
      ['unverified', 'reported', false],
      ['denied', 'denied', false],
    ] as const)('%s → %s allowed: %s', (from, to, allowed) => expect(canTransition(from, to)).toBe(allowed));
  });

  it('lives through the whole seed story', () => {
    const embassy = evidence('e-embassy', 'chinese-embassy-london', 'refutes', {
      subjectResponse: true,
      confidence: 0.6,
    });
    const nato = evidence('e-nato', 'nato', 'neutral');
    const repeat = evidence('e-express', 'express', 'supports', { repeats: 'reuters' });
    spec
      .given([reported, corroborationRequested, attached(reuters), attached(repeat), attached(nato)])
      .when(attach(embassy))
      .then([attached(embassy)]);
    spec
      .given([reported, corroborationRequested, attached(reuters), attached(repeat), attached(nato), attached(embassy)])
      .when(attach(evidence('e-ap', 'ap', 'supports')))
      .thenMatches([
        { type: 'EvidenceAttached' },
        {
          type: 'ClaimStatusChanged',
          data: {
            to: 'corroborated',
            reasons: [
              { rule: 'independent-support' },
              { rule: 'subject-denial' },
              { rule: 'same-source-counted-once' },
              { rule: 'repeat-counts-as-original' },
              { rule: 'neutral-evidence' },
            ],
          },
        },
      ]);
  });
});
