import type { ClaimAttribution } from './claim-attribution';
import type {
  ArticleRef,
  ClaimEvent,
  ClaimStatus,
  CorroborationFinishedData,
  EditorVerdictSetData,
  EvidenceAttachedData,
  EvidenceConfirmation,
  NewReportingReason,
  VerdictReason,
} from './claim.events';

export interface CorroborationRound {
  requestId: string;
  sources: string[];
  deadline: string;
  /** Why the round was requested, when a later article started it. */
  reason?: NewReportingReason;
  /** Set once the round finished (all sources answered, or the deadline passed). */
  outcome: Omit<CorroborationFinishedData, 'requestId'> | null;
}

/** A piece of the claim's evidence: as attached, plus the editor's confirmation once given. */
export type ClaimEvidence = EvidenceAttachedData & { confirmedBy?: EvidenceConfirmation };

/** Everything known about a reported claim, whatever its status. */
export interface ClaimFacts {
  claimId: string;
  text: string;
  claimant: string;
  /**
   * Registry id of the publisher the claimant is; absent when the claimant is no known
   * publisher (and in states rebuilt from the claim_status read model, which does not keep it).
   */
  claimantPublisher?: string;
  attribution: ClaimAttribution;
  article: ArticleRef | null;
  citedUrls: string[];
  language: string;
  reportedAt: string;
  evidence: ClaimEvidence[];
  corroboration: CorroborationRound[];
  /** Reasons given with the latest status change, or revised since (StatusReasonsRevised). */
  reasons: VerdictReason[];
  /** The editor's verdict in force, overriding the policy until withdrawn. */
  editorVerdict: EditorVerdictSetData | null;
  duplicateOf: string | null;
}

export interface NoClaim {
  status: 'none';
}

export type ReportedClaim = ClaimFacts & { status: 'reported' };
export type CorroboratedClaim = ClaimFacts & { status: 'corroborated' };
export type DeniedClaim = ClaimFacts & { status: 'denied' };
export type UnverifiedClaim = ClaimFacts & { status: 'unverified' };
export type ExistingClaim = ReportedClaim | CorroboratedClaim | DeniedClaim | UnverifiedClaim;

/** A claim's state, folded from its stream: nothing yet, or a claim in one of its statuses. */
export type ClaimState = NoClaim | ExistingClaim;

export function initialState(): ClaimState {
  return { status: 'none' };
}

function withStatus(facts: ClaimFacts, status: ClaimStatus): ExistingClaim {
  return { ...facts, status };
}

/** Applies one event. Events that need an existing claim leave an empty state unchanged. */
export function evolve(state: ClaimState, event: ClaimEvent): ClaimState {
  if (event.type === 'ClaimReported') {
    const { article, ...data } = event.data;
    return {
      ...data,
      article: article ?? null,
      status: 'reported',
      evidence: [],
      corroboration: [],
      reasons: [],
      editorVerdict: null,
      duplicateOf: null,
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'EvidenceAttached':
      return { ...state, evidence: [...state.evidence, event.data] };
    case 'EvidenceConfirmed': {
      const { evidenceId, confirmedBy } = event.data;
      const evidence = state.evidence.map((e) => (e.evidenceId === evidenceId ? { ...e, confirmedBy } : e));
      return { ...state, evidence };
    }
    case 'CorroborationRequested':
      return { ...state, corroboration: [...state.corroboration, { ...event.data, outcome: null }] };
    case 'CorroborationFinished': {
      const { requestId, ...outcome } = event.data;
      const corroboration = state.corroboration.map((round) =>
        round.requestId === requestId ? { ...round, outcome } : round,
      );
      return { ...state, corroboration };
    }
    case 'ClaimStatusChanged':
      return withStatus({ ...state, reasons: event.data.reasons }, event.data.to);
    case 'StatusReasonsRevised':
      return { ...state, reasons: event.data.reasons };
    case 'EditorVerdictSet':
      return { ...state, editorVerdict: event.data };
    case 'EditorVerdictWithdrawn':
      return { ...state, editorVerdict: null };
    case 'ClaimMarkedDuplicate':
      return { ...state, duplicateOf: event.data.duplicateOf };
    default: {
      const unknown: never = event;
      throw new Error(`Unhandled claim event ${JSON.stringify(unknown)}`);
    }
  }
}

/** Folds a stream's events, oldest first. */
export function foldClaim(events: Iterable<ClaimEvent>, state: ClaimState = initialState()): ClaimState {
  let current = state;
  for (const event of events) current = evolve(current, event);
  return current;
}

/** Every publisher id the claim names (its article's, its evidence's and the outlets they repeat). */
export function publisherIdsOf(state: ClaimState): string[] {
  if (state.status === 'none') return [];
  const ids = state.evidence.flatMap((e) => (e.repeats ? [e.publisher, e.repeats] : [e.publisher]));
  return [...new Set(state.article ? [state.article.publisher, ...ids] : ids)];
}
