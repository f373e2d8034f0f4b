import { createHash } from 'node:crypto';
import type { StanceModel, StancePrediction } from '@claimtrail/stance';
import type { ClaimToCorroborate, SourceFinding, Stance } from '../source-adapter';
import { propositionOf } from './claim-proposition';
import { repeatedReportingOf } from './repeated-reporting';
import { isSubjectPublisher, isSubjectResponse } from './subject-response';

/** A text a source found: an archived article, a fetched page. */
export interface FoundText {
  publisher: string;
  url: string;
  text: string;
  /** Who posted the text through the API, when someone did (see `SourceFinding.postedBy`). */
  postedBy?: { keyId: string; role: string };
}

export interface TextFindingOptions {
  /** Sentences quoted as the finding's excerpt: those carrying the text's stance on the claim. */
  maxPassages: number;
  retrievedAt: string;
  /** Prefix of the finding's `sourceRef`, naming the text within its source. */
  refPrefix: string;
  /** Appended to the reason, e.g. why the text was found. */
  note?: string;
}

const MAX_EXCERPT = 800;
/**
 * Answers that neither confirm nor deny. The model reads "the embassy said it was not aware of the
 * specifics" next to the claim's words as agreement; an editor would call it a non-answer.
 * Fixed phrases only: linear time.
 */
const NON_DENIAL =
  /\bnot aware of (?:the |any )?(?:specifics|details|reports?)\b|\bdeclined to comment\b|\bno comment\b|\bwould not (?:comment|confirm or deny)\b|\bneither confirm(?:ed)? nor den(?:y|ied)\b|\bdid not (?:immediately )?respond\b|\bcould not be reached\b/i;

const STANCE_OF = { agree: 'supports', disagree: 'refutes', discuss: 'neutral' } as const;

/**
 * What one text says about a claim, read by the trained stance model: nothing when it is about
 * another story, else one finding — supports (agree), refutes (disagree) or neutral (coverage that
 * reports the claim without taking a side) — quoting the sentences that carry the stance, with the
 * model's probabilities and strongest features as the reason. The model reads the claim's
 * proposition (its evidential frame removed). `sourceRef` names the text and the model version, so a
 * retried job attaches the same finding once and a new model's reading is a new finding.
 */
export function findingInText(
  model: StanceModel,
  claim: ClaimToCorroborate,
  found: FoundText,
  options: TextFindingOptions,
): SourceFinding[] {
  const proposition = propositionOf(claim.text);
  const { prediction, passages } = model.read(proposition, found.text, options.maxPassages);
  if (!prediction || prediction.label === 'unrelated') return [];
  const excerpt = passages.join(' ');
  const nonDenial = prediction.label === 'agree' ? NON_DENIAL.exec(excerpt)?.[0] : undefined;
  const stance: Stance = nonDenial ? 'neutral' : STANCE_OF[prediction.label];
  const finding: SourceFinding = {
    publisher: found.publisher,
    url: found.url,
    excerpt: excerpt.length > MAX_EXCERPT ? `${excerpt.slice(0, MAX_EXCERPT - 1)}…` : excerpt,
    stance,
    confidence: round(confidenceOf(stance, prediction.probabilities)),
    reason: reasonFor(prediction, nonDenial, options.note),
    retrievedAt: options.retrievedAt,
    sourceRef: `${options.refPrefix}#${modelHash(prediction.modelVersion)}`,
  };
  if (found.postedBy) finding.postedBy = { keyId: found.postedBy.keyId, role: found.postedBy.role };
  const repeats = passages.map((p) => repeatedReportingOf(p, found.publisher)).find(Boolean);
  if (repeats) finding.repeats = repeats;
  const respondsAsSubject = stance !== 'supports' && passages.some((p) => isSubjectResponse(claim.text, p));
  if (isSubjectPublisher(claim.text, found.publisher) || respondsAsSubject) finding.subjectResponse = true;
  return [finding];
}

/** supports → p(agree); refutes → p(disagree); neutral → how sure the model is that the text is about the claim. */
function confidenceOf(stance: Stance, p: StancePrediction['probabilities']): number {
  if (stance === 'supports') return p.agree;
  if (stance === 'refutes') return p.disagree;
  return 1 - p.unrelated;
}

/** For the editor: the model, its label with probabilities, what weighed most, and any guard or note. */
function reasonFor(prediction: StancePrediction, nonDenial: string | undefined, note: string | undefined): string {
  const p = prediction.probabilities;
  const others = (['agree', 'disagree', 'discuss', 'unrelated'] as const)
    .filter((label) => label !== prediction.label)
    .map((label) => `${label} ${p[label].toFixed(2)}`)
    .join(', ');
  const parts = [
    `${prediction.modelVersion}: ${prediction.label} ${p[prediction.label].toFixed(2)} (${others})`,
    `strongest: ${prediction.strongestFeatures.join('; ')}`,
  ];
  if (prediction.guard) parts.push(prediction.guard);
  if (nonDenial) parts.push(`non-denial "${nonDenial}", read as coverage`);
  if (note) parts.push(note);
  return parts.join('; ');
}

/** A short, stable tag of the model version, for the finding's sourceRef. */
function modelHash(modelVersion: string): string {
  return createHash('sha256').update(modelVersion).digest('hex').slice(0, 16);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
