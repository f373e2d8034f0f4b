import { randomUUID } from 'node:crypto';
import {
  ClaimCommand,
  ClaimEvent,
  ClaimState,
  decide,
  DEFAULT_POLICY_CONFIG,
  evolve,
  initialState,
  PublisherRegistry,
  Stance,
} from '@claimtrail/claims';
import { EventStore, NewEvent } from '@claimtrail/event-store';

/**
 * Test support: claims driven through the real decider and appended through the event store, with the expected state
 * kept beside.
 */

export const FIXTURE_PUBLISHERS = ['reuters', 'bbc', 'ap', 'le-monde', 'sky-news'] as const;

const REGISTRY: PublisherRegistry = Object.fromEntries(
  FIXTURE_PUBLISHERS.map((id, i) => [
    id,
    { id, name: id, domain: `${id}.example`, ownerGroup: `group-${i % 4}`, reliability: 0.5 + i * 0.1 },
  ]),
);
const context = { publishers: REGISTRY, policy: DEFAULT_POLICY_CONFIG };

/** What a randomized step asks for; turned into a domain command against the claim's current state. */
export interface Step {
  claim: number;
  kind: 'report' | 'evidence' | 'corroborate' | 'finish' | 'verdict' | 'withdraw' | 'duplicate';
  publisher: number;
  stance: Stance;
  confidence: number;
  other: number;
  verdict: 'corroborated' | 'denied' | 'unverified';
}

export const STEP_KINDS: Step['kind'][] = [
  'report',
  'evidence',
  'corroborate',
  'finish',
  'verdict',
  'withdraw',
  'duplicate',
];

export class ClaimLog {
  readonly ids: string[];
  readonly states = new Map<string, { state: ClaimState; version: number }>();

  constructor(
    private readonly store: EventStore,
    claims: number,
  ) {
    this.ids = Array.from({ length: claims }, () => randomUUID());
    for (const id of this.ids) this.states.set(id, { state: initialState(), version: 0 });
  }

  /** Decides the step's command; appends what the decider produced. False when the decider refused it. */
  async apply(step: Step): Promise<boolean> {
    const id = this.ids[step.claim % this.ids.length];
    const current = this.states.get(id)!;
    let events: ClaimEvent[];
    try {
      events = decide(this.command(id, current.state, step), current.state);
    } catch {
      return false;
    }
    if (events.length === 0) return true;
    const result = await this.store.appendToStream(
      `claim-${id}`,
      events.map((e): NewEvent<ClaimEvent> => ({ ...e, metadata: { actor: { keyId: 'test', role: 'editor' } } })),
      { expectedVersion: current.version },
    );
    this.states.set(id, { state: events.reduce(evolve, current.state), version: result.nextExpectedVersion });
    return true;
  }

  private command(claimId: string, state: ClaimState, step: Step): ClaimCommand {
    const now = new Date();
    switch (step.kind) {
      case 'report':
        return {
          type: 'ReportClaim',
          claimId,
          text: `claim ${claimId.slice(0, 8)} about shipments`,
          claimant: 'an official',
          citedUrls: [],
          language: 'en',
          corroboration: { requestId: randomUUID(), sources: ['archive'], deadline: new Date(now.getTime() + 60_000) },
          now,
        };
      case 'evidence':
        return {
          type: 'AttachEvidence',
          claimId,
          context,
          now,
          evidence: {
            evidenceId: randomUUID(),
            publisher: FIXTURE_PUBLISHERS[step.publisher % FIXTURE_PUBLISHERS.length],
            url: `https://example.org/${randomUUID()}`,
            excerpt: 'an excerpt',
            stance: step.stance,
            confidence: step.confidence,
            attachedBy: { kind: 'worker', source: 'archive' },
            retrievedAt: now.toISOString(),
          },
        };
      case 'corroborate':
        return {
          type: 'RequestCorroboration',
          claimId,
          request: { requestId: randomUUID(), sources: ['archive'], deadline: now },
          now,
        };
      case 'finish': {
        const round = state.status === 'none' ? undefined : state.corroboration.find((r) => r.outcome === null);
        return {
          type: 'FinishCorroboration',
          claimId,
          requestId: round?.requestId ?? randomUUID(),
          answered: ['archive'],
          failed: [],
          timedOut: [],
          context,
          now,
        };
      }
      case 'verdict':
        return {
          type: 'SetEditorVerdict',
          claimId,
          status: step.verdict,
          reason: `verdict ${step.other}`,
          context,
          now,
        };
      case 'withdraw':
        return { type: 'WithdrawEditorVerdict', claimId, reason: 'withdrawn', context, now };
      case 'duplicate': {
        const targetId = this.ids[step.other % this.ids.length];
        const target = this.states.get(targetId)!.state;
        return {
          type: 'MarkDuplicate',
          claimId,
          target: {
            claimId: targetId,
            exists: target.status !== 'none',
            duplicateOf: target.status === 'none' ? null : target.duplicateOf,
          },
          reason: 'same claim',
          now,
        };
      }
    }
  }

  /** The reported claims and what the read model should say of each. */
  expected(): Map<
    string,
    {
      status: string;
      version: number;
      evidence: unknown[];
      reasons: unknown[];
      duplicateOf: string | null;
      editorVerdict: unknown;
    }
  > {
    const expected = new Map();
    for (const [id, { state, version }] of this.states) {
      if (state.status === 'none') continue;
      expected.set(id, {
        status: state.status,
        version,
        evidence: state.evidence,
        reasons: state.reasons,
        duplicateOf: state.duplicateOf,
        editorVerdict: state.editorVerdict,
      });
    }
    return expected;
  }
}
