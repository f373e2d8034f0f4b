import type {
  ArticleRef,
  ClaimAttribution,
  ClaimEvidence,
  ClaimStatus,
  CorroborationRound,
  EditorVerdictSetData,
  VerdictReason,
} from '@claimtrail/claims';

/** A claim as `GET /claims/:id` shows it. */
export interface ClaimView {
  id: string;
  text: string;
  claimant: string;
  /**
   * How it was attributed; for a denial, `text` is the proposition denied and `status` says whether the denial holds.
   */
  attribution: ClaimAttribution;
  article: ArticleRef | null;
  citedUrls: string[];
  language: string;
  status: ClaimStatus;
  /** Reasons of the latest status change (empty while still `reported`). */
  reasons: VerdictReason[];
  /** Each with who attached it (`attachedBy`) and, for hand-attached evidence an editor vouched for, `confirmedBy`. */
  evidence: ClaimEvidence[];
  editorVerdict: EditorVerdictSetData | null;
  duplicateOf: string | null;
  corroboration: CorroborationRound[];
  /** Every publisher the claim names (article, evidence, repeated outlets). */
  publishers: string[];
  /** Claims that say the same thing (the similar_claims read model; details at GET /claims/:id/similar). */
  similar: { claimId: string; score: number }[];
  reportedAt: string;
  /** The stream version: the ETag, and what `If-Match` compares with. */
  version: number;
  /** Global position of the claim's latest event. */
  position: number;
  updatedAt: string;
}

/** One row of `GET /claims`. */
export interface ClaimSummary {
  id: string;
  text: string;
  claimant: string;
  attribution: ClaimAttribution;
  status: ClaimStatus;
  /** The article's publisher id, if the claim came with one. */
  publisher: string | null;
  supportingCount: number;
  refutingCount: number;
  duplicateOf: string | null;
  reportedAt: string;
  updatedAt: string;
  version: number;
}

export interface ClaimPage {
  items: ClaimSummary[];
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}
