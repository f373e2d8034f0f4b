import { Command } from '@nestjs/cqrs';
import type { Stance } from '../../domain/claim.events';
import type { ClaimWriteResult, CommandMetadata } from '../claim-writer.service';

export interface AttachEvidencePayload extends EvidenceToAttach {
  claimId: string;
}

/** One piece of evidence to attach. */
export interface EvidenceToAttach {
  /** Give a stable id (workers: derived from the job and the finding) so a retry attaches it once. */
  evidenceId?: string;
  /** A registry id, a publisher's name, or unknown (then added to the registry, unrated). */
  publisher: string;
  url: string;
  excerpt: string;
  stance: Stance;
  /** 0..1 */
  confidence: number;
  /** The worker source that found it; absent when a user attaches it (the actor's key id is recorded). */
  source?: string;
  /** With `source`: the API key that posted the article the worker read it from (its word, not an independent source). */
  postedBy?: { keyId: string; role: string };
  /** ISO-8601; defaults to now. */
  retrievedAt?: string;
  reason?: string;
  /** The publisher (id or name) whose reporting this one only repeats. */
  repeats?: string;
  /** True when the publisher is the party the claim is about. */
  subjectResponse?: boolean;
}

/** Attaches evidence to a claim; the status follows the verdict policy. Idempotent per evidence. */
export class AttachEvidenceCommand extends Command<ClaimWriteResult> {
  constructor(
    readonly payload: AttachEvidencePayload,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}
