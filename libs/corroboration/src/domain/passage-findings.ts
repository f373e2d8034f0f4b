import { createHash } from 'node:crypto';
import type { ClaimToCorroborate, SourceFinding } from '../source-adapter';
import { propositionOf } from './claim-proposition';
import { bestPassages, RankedPassage, splitSentences } from './passages';
import { repeatedReportingOf } from './repeated-reporting';
import { isSubjectPublisher, isSubjectResponse } from './subject-response';
import { classifyStance, STANCE_RULES } from './stance-classifier';
import { relevance, tokenOverlap } from './text-similarity';

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

/** A text sharing this much of the claim's words (its proposition's) is about it (0..1), so responses in it are read. */
export const RESPONSE_CONTEXT_OVERLAP = 0.3;
const RESPONSE_RULES = STANCE_RULES.filter((rule) => rule.effect === 'neutral');

/**
 * The passages worth classifying: the sentences most relevant to the claim and, in a
 * text about the claim, the responses to it. Responses rarely repeat the claim's words
 * ("it was not aware of the specifics you mentioned"), yet they are what an editor needs.
 */
function passagesToRead(claim: ClaimToCorroborate, found: FoundText, options: PassageFindingOptions): RankedPassage[] {
  const best = bestPassages(claim.text, found.text, options.maxPassages, options.minRelevance);
  if (tokenOverlap(propositionOf(claim.text), found.text) < RESPONSE_CONTEXT_OVERLAP) return best;
  const chosen = new Set(best.map((p) => p.text));
  const responses = splitSentences(found.text)
    .filter(
      (s) =>
        !chosen.has(s) && (RESPONSE_RULES.some((rule) => rule.pattern.test(s)) || isSubjectResponse(claim.text, s)),
    )
    .slice(0, options.maxPassages)
    .map((text) => ({ text, relevance: relevance(claim.text, text) }));
  return [...best, ...responses];
}

/**
 * The findings in a text: its passages most relevant to the claim, each classified, with
 * the outlet it only repeats and whether it is the subject's own response (said in the
 * passage, or published by the subject itself). Passages the
 * classifier found nothing in (`no-cue`) are left out: they say nothing about the claim.
 * A passage's `sourceRef` hashes its text, so the same passage is the same finding on a retry.
 */
export function findingsInPassages(
  claim: ClaimToCorroborate,
  found: FoundText,
  options: PassageFindingOptions,
): SourceFinding[] {
  const publisherIsSubject = isSubjectPublisher(claim.text, found.publisher);
  return passagesToRead(claim, found, options).flatMap((passage) => {
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
    if (publisherIsSubject || isSubjectResponse(claim.text, passage.text)) finding.subjectResponse = true;
    return [finding];
  });
}
