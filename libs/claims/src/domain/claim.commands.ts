import type { ClaimAttribution } from './claim-attribution';
import type { ArticleRef, ClaimStatus, EvidenceAttachedData, NewReportingReason } from './claim.events';
import type { PublisherRegistry } from './publisher';
import type { PolicyConfig } from './verdict-policy';

/**
 * Commands to the claim decider: plain objects carrying everything a decision needs,
 * so `decide` stays pure — the clock (`now`), new ids, the publishers registry entries
 * and the policy thresholds all come in with the command.
 */

/** What the verdict policy needs from outside the claim's stream. */
export interface DecisionContext {
  /** Registry entries of every publisher the claim's article and evidence name (missing ids count as unrated). */
  publishers: PublisherRegistry;
  policy: PolicyConfig;
}

export interface CorroborationRequest {
  requestId: string;
  sources: string[];
  deadline: Date;
  reason?: NewReportingReason;
}

export interface ReportClaim {
  type: 'ReportClaim';
  claimId: string;
  text: string;
  claimant: string;
  /** Registry id of the publisher the claimant is, if it is one. */
  claimantPublisher?: string;
  /** What is known of the attribution; the rest defaults (`attributionOf`: a checkable assertion). */
  attribution?: Partial<ClaimAttribution>;
  article?: ArticleRef;
  citedUrls: string[];
  language: string;
  /**
   * The first corroboration round, requested together with the report (omit for none; never for a claim that is not
   * checkable).
   */
  corroboration?: CorroborationRequest;
  now: Date;
}

export interface AttachEvidence {
  type: 'AttachEvidence';
  claimId: string;
  evidence: EvidenceAttachedData;
  context: DecisionContext;
  now: Date;
}

/**
 * Several pieces of evidence in one decision (a corroboration round's findings): decided
 * one after another, each on the state the previous left, so the events are exactly those
 * of as many single `AttachEvidence` commands — in one append.
 */
export interface AttachEvidenceBatch {
  type: 'AttachEvidenceBatch';
  claimId: string;
  evidence: EvidenceAttachedData[];
  /** Must hold the publishers of every item. */
  context: DecisionContext;
  now: Date;
}

/**
 * An editor vouches for evidence a person attached: it then counts as the independent source it
 * names, beyond the one source per key that unconfirmed hand-attached evidence is capped at.
 */
export interface ConfirmEvidence {
  type: 'ConfirmEvidence';
  claimId: string;
  evidenceId: string;
  /** The editor's key and role (from the request). */
  by: { keyId: string; role: string };
  reason: string;
  context: DecisionContext;
  now: Date;
}

export interface RequestCorroboration {
  type: 'RequestCorroboration';
  claimId: string;
  request: CorroborationRequest;
  now: Date;
}

export interface FinishCorroboration {
  type: 'FinishCorroboration';
  claimId: string;
  requestId: string;
  answered: string[];
  failed: string[];
  timedOut: string[];
  context: DecisionContext;
  now: Date;
}

export interface SetEditorVerdict {
  type: 'SetEditorVerdict';
  claimId: string;
  status: ClaimStatus;
  reason: string;
  context: DecisionContext;
  now: Date;
}

export interface WithdrawEditorVerdict {
  type: 'WithdrawEditorVerdict';
  claimId: string;
  reason: string;
  context: DecisionContext;
  now: Date;
}

/** What the decider needs to know about the claim this one duplicates. */
export interface DuplicateTarget {
  claimId: string;
  exists: boolean;
  /** Set when the target is itself a duplicate. */
  duplicateOf: string | null;
}

export interface MarkDuplicate {
  type: 'MarkDuplicate';
  claimId: string;
  target: DuplicateTarget;
  reason: string;
  now: Date;
}

export type ClaimCommand =
  | ReportClaim
  | AttachEvidence
  | AttachEvidenceBatch
  | ConfirmEvidence
  | RequestCorroboration
  | FinishCorroboration
  | SetEditorVerdict
  | WithdrawEditorVerdict
  | MarkDuplicate;
