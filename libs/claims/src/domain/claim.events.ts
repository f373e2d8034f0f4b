import type { ClaimAttribution } from './claim-attribution';

/**
 * The claim's events: past-tense facts, never changed once recorded. Publisher fields
 * hold publisher registry ids. Timestamps are ISO-8601 strings.
 */

/** A claim's status. `reported` is where every claim starts and never returns to. */
export const CLAIM_STATUSES = ['reported', 'corroborated', 'denied', 'unverified'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export const STANCES = ['supports', 'refutes', 'neutral'] as const;
export type Stance = (typeof STANCES)[number];

/**
 * The schema version every claim event is written with today (upcasters key on it).
 * 2: `ClaimReported` carries `attribution` (v1 events are upcast with `attributionOf({})`).
 * 3: `EvidenceAttached` carries `attachedBy` (person: key id and role; worker: source) instead of
 *    `foundBy`; older events are upcast from `foundBy` and the event's recorded actor.
 */
export const CLAIM_EVENT_SCHEMA_VERSION = 3;

export interface ArticleRef {
  url: string;
  title: string;
  /** Publisher id. */
  publisher: string;
  publishedAt: string;
}

/**
 * Who attached a piece of evidence: a person through the API (the key that called, and its role)
 * or a worker's corroboration source. Evidence a person attaches is their word for what the page
 * says: the verdict policy counts one reporter key's unconfirmed evidence as one source at most.
 * A worker's finding read from an archive article someone posted through the API names that key
 * (`postedBy`) and counts as that person's word the same way. Optional, so evidence written before
 * it existed is still valid schema version 3 and folds as "nobody posted it": no upcaster.
 */
export type AttachedBy =
  | { kind: 'person'; keyId: string; role: string }
  | { kind: 'worker'; source: string; postedBy?: { keyId: string; role: string } };

/** An editor vouching for evidence a person attached: it then counts as the independent source it names. */
export interface EvidenceConfirmation {
  keyId: string;
  role: string;
  reason: string;
  confirmedAt: string;
}

export interface ClaimReportedData {
  claimId: string;
  text: string;
  /** Who made the claim, as attributed ("a western official"). */
  claimant: string;
  /**
   * Publisher id when the claimant is a publisher already in the registry ("Reuters"): its
   * own reporting then cannot corroborate the claim. Optional, so events written before it
   * existed are still valid schema version 1 and fold as "claimant is no publisher": no upcaster.
   */
  claimantPublisher?: string;
  /** How the claimant put it: the verb, its kind (a denial's text is the proposition denied), quote, checkable. */
  attribution: ClaimAttribution;
  article?: ArticleRef;
  citedUrls: string[];
  language: string;
  reportedAt: string;
}

export interface EvidenceAttachedData {
  evidenceId: string;
  /** Publisher id. */
  publisher: string;
  url: string;
  excerpt: string;
  stance: Stance;
  /** 0..1: how sure the finder is of the stance. */
  confidence: number;
  attachedBy: AttachedBy;
  retrievedAt: string;
  /** Why the stance was chosen (cue words, classifier rule). */
  reason?: string;
  /** Publisher id of the outlet whose reporting this one only repeats; it then counts as that outlet. */
  repeats?: string;
  /** True when the publisher is the party the claim is about (e.g. the accused embassy). */
  subjectResponse?: boolean;
}

/** Why a round was requested beyond the report and editors' requests: a later article that relates to the claim. */
export interface NewReportingReason {
  kind: 'new-reporting';
  /** The archive article's id and URL: the round reads it whatever its rank. */
  articleId: string;
  url: string;
}

export interface CorroborationRequestedData {
  requestId: string;
  /** Source adapter names the workers should ask. */
  sources: string[];
  deadline: string;
  /** Absent for the report's round and an editor's request (events before it existed are valid as they are). */
  reason?: NewReportingReason;
}

export interface CorroborationFinishedData {
  requestId: string;
  answered: string[];
  failed: string[];
  timedOut: string[];
}

/** One reason for a status: the rule applied and the evidence it rests on. */
export interface VerdictReason {
  rule: string;
  detail: string;
  evidenceIds: string[];
}

export interface ClaimStatusChangedData {
  from: ClaimStatus;
  to: ClaimStatus;
  reasons: VerdictReason[];
  by: 'policy' | 'editor';
}

/**
 * The reasons for a claim's unchanged status, restated because what they rest on changed
 * (another refuter, the subject's own statement, a repeat; an editor's new reason for the
 * same verdict): the reasons shown follow the evidence, not only the last status change.
 */
export interface StatusReasonsRevisedData {
  status: ClaimStatus;
  reasons: VerdictReason[];
  by: 'policy' | 'editor';
}

export interface EditorVerdictSetData {
  status: Exclude<ClaimStatus, 'reported'>;
  reason: string;
}

export interface EditorVerdictWithdrawnData {
  reason: string;
}

/** An editor confirmed evidence a person attached (`evidenceId`); the actor is in `confirmedBy`. */
export interface EvidenceConfirmedData {
  evidenceId: string;
  confirmedBy: EvidenceConfirmation;
}

export interface ClaimMarkedDuplicateData {
  duplicateOf: string;
  reason: string;
}

interface EventOf<Type extends string, Data> {
  type: Type;
  data: Data;
}

export type ClaimReported = EventOf<'ClaimReported', ClaimReportedData>;
export type EvidenceAttached = EventOf<'EvidenceAttached', EvidenceAttachedData>;
export type EvidenceConfirmed = EventOf<'EvidenceConfirmed', EvidenceConfirmedData>;
export type CorroborationRequested = EventOf<'CorroborationRequested', CorroborationRequestedData>;
export type CorroborationFinished = EventOf<'CorroborationFinished', CorroborationFinishedData>;
export type ClaimStatusChanged = EventOf<'ClaimStatusChanged', ClaimStatusChangedData>;
export type StatusReasonsRevised = EventOf<'StatusReasonsRevised', StatusReasonsRevisedData>;
export type EditorVerdictSet = EventOf<'EditorVerdictSet', EditorVerdictSetData>;
export type EditorVerdictWithdrawn = EventOf<'EditorVerdictWithdrawn', EditorVerdictWithdrawnData>;
export type ClaimMarkedDuplicate = EventOf<'ClaimMarkedDuplicate', ClaimMarkedDuplicateData>;

export type ClaimEvent =
  | ClaimReported
  | EvidenceAttached
  | EvidenceConfirmed
  | CorroborationRequested
  | CorroborationFinished
  | ClaimStatusChanged
  | StatusReasonsRevised
  | EditorVerdictSet
  | EditorVerdictWithdrawn
  | ClaimMarkedDuplicate;

export type ClaimEventType = ClaimEvent['type'];

export const CLAIM_EVENT_TYPES: readonly ClaimEventType[] = [
  'ClaimReported',
  'EvidenceAttached',
  'EvidenceConfirmed',
  'CorroborationRequested',
  'CorroborationFinished',
  'ClaimStatusChanged',
  'StatusReasonsRevised',
  'EditorVerdictSet',
  'EditorVerdictWithdrawn',
  'ClaimMarkedDuplicate',
];

/** Narrows a stored event's type name to a claim event. */
export function isClaimEventType(type: string): type is ClaimEventType {
  return (CLAIM_EVENT_TYPES as readonly string[]).includes(type);
}
