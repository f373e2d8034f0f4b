import { createHash } from 'node:crypto';
import type { ClaimToCorroborate, SourceFinding } from '../source-adapter';
import { bestPassages } from './passages';
import { repeatedReportingOf } from './repeated-reporting';
import { isSubjectResponse } from './subject-response';
import { classifyStance } from './stance-classifier';

/** A text a source found: an archived article, a fetched page. */
export interface FoundText {
  publisher: string;
  url: string;
  text: string;
}

export interface PassageFindingOptions {
  /** Passages to classify per text, best first. */
  maxPassages: number;
  /** Passages less relevant to the claim than this (0..1) are not read. */
  minRelevance: number;
  retrievedAt: string;
  /** Prefix of each finding's `sourceRef`, naming the text within its source. */
  refPrefix: string;
  /** Appended to every reason, e.g. why the text was found. */
  note?: string;
}

const MAX_EXCERPT = 600;

/**
 * The findings in a text: its passages most relevant to the claim, each classified, with
 * the outlet it only repeats and whether it is the subject's own response. Passages the
 * classifier found nothing in (`no-cue`) are left out: they say nothing about the claim.
 * A passage's `sourceRef` hashes its text, so the same passage is the same finding on a retry.
 */
export function findingsInPassages(claim: ClaimToCorroborate, found: FoundText, options: PassageFindingOptions): SourceFinding[] {
  return bestPassages(claim.text, found.text, options.maxPassages, options.minRelevance).flatMap((passage) => {
    const assessment = classifyStance(claim.text, passage.text);
    if (assessment.rule === 'no-cue') return [];
    const repeats = repeatedReportingOf(passage.text, found.publisher);
    const finding: SourceFinding = {
      publisher: found.publisher,
      url: found.url,
      excerpt: passage.text.length > MAX_EXCERPT ? `${passage.text.slice(0, MAX_EXCERPT - 1)}…` : passage.text,
      stance: assessment.stance,
      confidence: assessment.confidence,
      reason: options.note ? `${assessment.reason}; ${options.note}` : assessment.reason,
      retrievedAt: options.retrievedAt,
      sourceRef: `${options.refPrefix}#${createHash('sha256').update(passage.text).digest('hex').slice(0, 16)}`,
    };
    if (repeats) finding.repeats = repeats;
    if (isSubjectResponse(claim.text, passage.text)) finding.subjectResponse = true;
    return [finding];
  });
}
