import { ColumnType } from 'kysely';
import type {
  ArticleRef,
  AttributionKind,
  ClaimAttribution,
  ClaimStatus,
  CorroborationRound,
  EditorVerdictSetData,
  EvidenceAttachedData,
  VerdictReason,
} from '@claimtrail/claims';

/** jsonb: parsed on select, written as JSON text. */
type Json<T> = ColumnType<T, string, string>;
type NullableJson<T> = ColumnType<T | null, string | null, string | null>;

/** One claim as the newsroom reads it (the claim_status projection); see the migration for the indexes. */
export interface ClaimStatusTable {
  id: string;
  text: string;
  claimant: string;
  language: string;
  attribution: Json<ClaimAttribution>;
  attribution_kind: AttributionKind;
  checkable: boolean;
  article: NullableJson<ArticleRef>;
  article_publisher: string | null;
  cited_urls: Json<string[]>;
  status: ClaimStatus;
  reasons: Json<VerdictReason[]>;
  evidence: Json<EvidenceAttachedData[]>;
  corroboration: Json<CorroborationRound[]>;
  editor_verdict: NullableJson<EditorVerdictSetData>;
  duplicate_of: string | null;
  /** Every publisher id the claim names: its article's, its evidence's and the outlets they repeat. */
  publishers: string[];
  supporting_count: number;
  refuting_count: number;
  neutral_count: number;
  /** The claim stream's version (ETag). */
  version: number;
  last_position: number;
  reported_at: Date;
  updated_at: Date;
  search: ColumnType<string, never, never>;
}

/** A corroboration round requested and not finished yet (the open-rounds projection). */
export interface OpenCorroborationRoundsTable {
  /** `<claimId>/<requestId>`. */
  id: string;
  claim_id: string;
  request_id: string;
  /** The CorroborationRequested event: its jobs' ids derive from it. */
  event_id: string;
  sources: Json<string[]>;
  deadline: Date;
  correlation_id: string;
  /** Position of the CorroborationRequested event. */
  position: number;
  last_position: number;
}

/** Per claim, the editor's verdict a ClaimReview publishes (the claim_reviews projection). */
export interface ClaimReviewsTable {
  claim_id: string;
  text: string;
  claimant: string;
  claimant_publisher: string | null;
  article: NullableJson<ArticleRef>;
  reported_at: Date;
  /** The editor's verdict (latest set); null until one is set. */
  status: Exclude<ClaimStatus, 'reported'> | null;
  reason: string | null;
  /** When that verdict was recorded. */
  reviewed_at: Date | null;
  /** False before any verdict and after a withdrawal. */
  in_force: boolean;
  version: number;
  last_position: number;
  updated_at: Date;
}

/** Per claim, the earlier claims that say the same thing (the similar_claims projection). */
export interface SimilarClaimsTable {
  claim_id: string;
  text: string;
  matches: Json<{ claimId: string; score: number; trigram: number; terms: number }[]>;
  last_position: number;
}

export type ProjectionRebuildStatus = 'running' | 'swapped' | 'checked' | 'failed';

export interface ProjectionRebuildsTable {
  name: string;
  status: ProjectionRebuildStatus;
  processed: ColumnType<number, number | undefined, number>;
  total: ColumnType<number, number | undefined, number>;
  started_at: Date;
  updated_at: Date;
  finished_at: Date | null;
  drift: NullableJson<unknown>;
  error: string | null;
}

declare module '@claimtrail/database' {
  interface Database {
    claim_status: ClaimStatusTable;
    open_corroboration_rounds: OpenCorroborationRoundsTable;
    claim_reviews: ClaimReviewsTable;
    similar_claims: SimilarClaimsTable;
    projection_rebuilds: ProjectionRebuildsTable;
  }
}
