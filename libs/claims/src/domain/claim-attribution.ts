import type { Stance } from './claim.events';

/**
 * What the claimant does with the claim's text. The text is always the proposition itself:
 * "Podolyak denied Kyiv had any involvement" is the text "Kyiv had any involvement" with
 * kind `denies` — never the text read as an assertion.
 */
export const ATTRIBUTION_KINDS = [
  'asserts',
  'denies',
  'believes',
  'predicts',
  'promises',
  'accuses',
  'questions',
  'reports',
] as const;
export type AttributionKind = (typeof ATTRIBUTION_KINDS)[number];

/** `direct`: the text is all quotation; `mixed`: partly quoted; `indirect`: reported speech. */
export const QUOTE_KINDS = ['direct', 'indirect', 'mixed'] as const;
export type QuoteKind = (typeof QUOTE_KINDS)[number];

/** How a claim was attributed; part of `ClaimReported` since schema version 2. */
export interface ClaimAttribution {
  /**
   * The verb as written ("denied", "according to", "vowed"); null when not recorded (claims reported before v2, or
   * without it).
   */
  verb: string | null;
  kind: AttributionKind;
  /** Null when not recorded. */
  quote: QuoteKind | null;
  /** A factual assertion evidence can settle — not an opinion, feeling, vow, question or prediction. */
  checkable: boolean;
  /** The attribution itself is negated ("did not confirm that …"): the claimant did not make the claim. */
  negated: boolean;
}

/** Kinds whose claims are not statements of fact, so not checkable unless said otherwise. */
const OPINION_KINDS: ReadonlySet<AttributionKind> = new Set(['believes', 'predicts', 'promises', 'questions']);

/** Whether a kind's claims are checkable by default (asserts, denies, accuses, reports). */
export function kindIsCheckable(kind: AttributionKind): boolean {
  return !OPINION_KINDS.has(kind);
}

/**
 * A complete attribution from what is known: the kind defaults to `asserts`, and a claim is
 * checkable when its kind states facts and the attribution is not negated. The attribution of
 * a claim reported before attributions were recorded (schema version 1) is `attributionOf({})`.
 */
export function attributionOf(given: Partial<ClaimAttribution>): ClaimAttribution {
  const kind = given.kind ?? 'asserts';
  const negated = given.negated ?? false;
  return {
    verb: given.verb ?? null,
    kind,
    quote: given.quote ?? null,
    checkable: given.checkable ?? (kindIsCheckable(kind) && !negated),
    negated,
  };
}

/**
 * How evidence about the proposition bears on the claim. Evidence stances are always
 * recorded toward the claim's text (the proposition); a denial holds exactly when the
 * proposition does not, so for `denies` support and refutation swap.
 */
export function stanceTowardClaim(stance: Stance, attribution: Pick<ClaimAttribution, 'kind'>): Stance {
  if (attribution.kind !== 'denies' || stance === 'neutral') return stance;
  return stance === 'supports' ? 'refutes' : 'supports';
}
