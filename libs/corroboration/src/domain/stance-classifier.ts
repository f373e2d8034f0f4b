import { relevance as relevanceOf } from './text-similarity';

export type StanceEffect = 'supports' | 'refutes' | 'neutral' | 'hedge';

/**
 * One rule of the stance classifier. Rules are tried in table order; a cue's words,
 * once taken by a rule, are not read again by a later one ("no evidence" is not also
 * "evidence that"; "not accurate" is not also "accurate").
 */
export interface StanceRule {
  id: string;
  effect: StanceEffect;
  pattern: RegExp;
  /** Base confidence of a stance cue; for a hedge, the factor it multiplies confidence by. */
  weight: number;
  /** Whether a "not"/"never"/"if" just before the cue neutralises it. */
  negatable: boolean;
}

/**
 * The rule table, in priority order. `negated-assertion` ("did not", "has not") comes
 * after the cues so that the "not" of "has not been confirmed" is read as negating
 * the confirmation, not as a refutation of its own.
 *
 * - `neutral` rules decide alone when they match: a non-denial ("not aware of the
 *   specifics", "declined to comment") or a reporter's disclaimer ("has not seen the
 *   evidence") says nothing either way, even though it contains "not".
 * - `refutes` / `supports` rules are cues; each side adds up its cues, the larger wins.
 *   A cue right after a negation ("did not deny", "not confirmed") or a condition
 *   ("if confirmed") is neutralised instead of counted.
 * - `hedge` rules ("allegedly", "reportedly") lower the confidence of whatever was decided.
 * - A cue's confidence is its weight, scaled down for passages less relevant than
 *   RESTATEMENT_RELEVANCE and by the share of opposing cues.
 * - No cue at all: a passage that restates the claim (relevance ≥ RESTATEMENT_RELEVANCE)
 *   is weak support (another outlet reporting the same thing); anything else is neutral.
 */
export const STANCE_RULES: readonly StanceRule[] = [
  {
    id: 'non-denial',
    effect: 'neutral',
    pattern:
      /\bnot aware of (?:the |any )?(?:specifics|details)\b|\bdeclined to comment\b|\bno comment\b|\bwould not (?:comment|confirm or deny)\b|\bneither confirm(?:ed)? nor den(?:y|ied)\b|\bdid not (?:immediately )?respond\b|\bcould not be reached\b/i,
    weight: 0.6,
    negatable: false,
  },
  {
    id: 'not-independently-verified',
    effect: 'neutral',
    pattern:
      /\b(?:has|have|had) not (?:seen|independently verified|been able to (?:independently )?verify) the evidence\b|\bcould not (?:independently )?verify\b|\bnot (?:been )?independently verified\b/i,
    weight: 0.6,
    negatable: false,
  },
  {
    id: 'not-true',
    effect: 'refutes',
    pattern: /\bnot (?:true|accurate|correct)\b|\binaccurate\b|\bincorrect\b|\buntrue\b/i,
    weight: 0.85,
    negatable: false,
  },
  {
    id: 'falsehood',
    effect: 'refutes',
    pattern:
      /\bfalse(?:ly|hood)?\b|\bfake\b|\bfabricat\w*|\bbaseless\b|\bgroundless\b|\bdebunk\w*|\bhoax\b|\bmisleading\b/i,
    weight: 0.85,
    negatable: true,
  },
  {
    id: 'no-evidence',
    effect: 'refutes',
    pattern: /\bno (?:evidence|proof|sign|indication)\b|\bnot seen (?:anything|any evidence)\b|\bnothing to suggest\b/i,
    weight: 0.7,
    negatable: false,
  },
  { id: 'denial', effect: 'refutes', pattern: /\bden(?:y|ies|ied|ying|ial|ials)\b/i, weight: 0.8, negatable: true },
  {
    id: 'rejection',
    effect: 'refutes',
    pattern: /\breject(?:s|ed|ing)?\b|\bdismiss(?:es|ed)?\b|\brefut(?:e|es|ed|ing)\b/i,
    weight: 0.7,
    negatable: true,
  },
  { id: 'confirmation', effect: 'supports', pattern: /\bconfirm(?:s|ed|ing|ation)?\b/i, weight: 0.8, negatable: true },
  {
    id: 'verification',
    effect: 'supports',
    pattern: /\bverified\b|\bcorroborat\w*|\bauthenticated\b/i,
    weight: 0.75,
    negatable: true,
  },
  { id: 'accuracy', effect: 'supports', pattern: /\baccurate\b|\bcorrect\b|\btrue\b/i, weight: 0.75, negatable: true },
  {
    id: 'evidence',
    effect: 'supports',
    pattern:
      /\b(?:clear|strong|conclusive) evidence\b|\bevidence (?:shows|showed|confirms|proves)\b|\bproves?\b|\bproven\b/i,
    weight: 0.7,
    negatable: true,
  },
  {
    id: 'negated-assertion',
    effect: 'refutes',
    pattern: /\b(?:did|does|do|has|have|had) not\b|\b(?:didn't|doesn't|don't|hasn't|haven't|hadn't)\b|\bnever\b/i,
    weight: 0.5,
    negatable: false,
  },
  {
    id: 'hedge',
    effect: 'hedge',
    pattern: /\balleg\w*|\breportedly\b|\bpurportedly\b|\bunconfirmed\b|\bunverified\b|\bapparently\b|\bis said to\b/i,
    weight: 0.6,
    negatable: false,
  },
];

/** Relevance at which a passage without cues counts as restating the claim. */
export const RESTATEMENT_RELEVANCE = 0.5;
const RESTATEMENT_WEIGHT = 0.5;
const NO_CUE_CONFIDENCE = 0.3;
const NEGATORS = /\b(?:not|no|never|without|hardly)\b|n't\b|\b(?:if|unless|whether)\b/i;

/** What the classifier read in a passage. */
export interface StanceAssessment {
  stance: 'supports' | 'refutes' | 'neutral';
  /** 0..1: rule weight, scaled by relevance, opposing cues and hedges. */
  confidence: number;
  /** 0..1: how much the passage is about the claim. */
  relevance: number;
  /** The deciding rule: a rule id, `negated`, `restates-claim` or `no-cue`. */
  rule: string;
  /** Human-readable: rule and cue words, e.g. `denial: "denied"; hedge: "allegedly"`. */
  reason: string;
}

interface Cue {
  rule: StanceRule;
  text: string;
  negatedBy?: string;
}

/**
 * Reads the stance of `passage` towards `claim` with the rules of STANCE_RULES. Pure and
 * deterministic; it reads cue words, not meaning, so the reason names exactly which
 * words decided, for an editor to check.
 */
export function classifyStance(claim: string, passage: string): StanceAssessment {
  const relevance = round(relevanceOf(claim, passage));
  const cues = findCues(passage);
  const hedges = cues.filter((c) => c.rule.effect === 'hedge');
  const hedgeFactor = hedges.length > 0 ? Math.min(...hedges.map((h) => h.rule.weight)) : 1;
  const hedgeNote = hedges.length > 0 ? `; hedge: ${quoted(hedges)}` : '';

  const overriding = cues.find((c) => c.rule.effect === 'neutral');
  if (overriding) {
    return {
      stance: 'neutral',
      confidence: overriding.rule.weight,
      relevance,
      rule: overriding.rule.id,
      reason: `${overriding.rule.id}: "${overriding.text}"`,
    };
  }

  const counted = cues.filter((c) => !c.negatedBy && (c.rule.effect === 'supports' || c.rule.effect === 'refutes'));
  const support = counted.filter((c) => c.rule.effect === 'supports');
  const refute = counted.filter((c) => c.rule.effect === 'refutes');
  const sum = (list: Cue[]) => list.reduce((total, c) => total + c.rule.weight, 0);
  // A cue in a passage barely about the claim may be about something else ("the statement
  // that China controls exports is false"): full weight only from restatement relevance up.
  const relevanceFactor = Math.min(1, relevance / RESTATEMENT_RELEVANCE);

  if (support.length > 0 || refute.length > 0) {
    const supportWins = sum(support) > sum(refute);
    if (sum(support) === sum(refute)) {
      return {
        stance: 'neutral',
        confidence: 0.5,
        relevance,
        rule: 'conflicting-cues',
        reason: `conflicting-cues: ${describe(counted)}`,
      };
    }
    const [winners, losers] = supportWins ? [support, refute] : [refute, support];
    const strongest = Math.max(...winners.map((c) => c.rule.weight));
    const opposition = sum(losers) / (sum(winners) + sum(losers));
    const confidence = round(strongest * relevanceFactor * (1 - opposition) * hedgeFactor);
    const strongestRule = winners.find((c) => c.rule.weight === strongest)!.rule.id;
    return {
      stance: supportWins ? 'supports' : 'refutes',
      confidence,
      relevance,
      rule: strongestRule,
      reason: describe(counted) + hedgeNote,
    };
  }

  const negated = cues.filter((c) => c.negatedBy);
  if (negated.length > 0) {
    return {
      stance: 'neutral',
      confidence: 0.5,
      relevance,
      rule: 'negated',
      reason: `negated: ${negated.map((c) => `"${c.negatedBy} … ${c.text}" (${c.rule.id})`).join(', ')}${hedgeNote}`,
    };
  }
  if (relevance >= RESTATEMENT_RELEVANCE) {
    const confidence = round(RESTATEMENT_WEIGHT * relevance * hedgeFactor);
    return {
      stance: 'supports',
      confidence,
      relevance,
      rule: 'restates-claim',
      reason: `restates-claim: relevance ${relevance}${hedgeNote}`,
    };
  }
  return { stance: 'neutral', confidence: NO_CUE_CONFIDENCE, relevance, rule: 'no-cue', reason: `no-cue${hedgeNote}` };
}

/** Every cue in the passage, each span of words read by the first rule that matches it. */
function findCues(passage: string): Cue[] {
  const taken: Array<[number, number]> = [];
  const overlaps = (start: number, end: number) => taken.some(([s, e]) => start < e && s < end);
  const cues: Cue[] = [];
  for (const rule of STANCE_RULES) {
    for (const match of passage.matchAll(new RegExp(rule.pattern.source, 'gi'))) {
      const start = match.index;
      const end = start + match[0].length;
      if (overlaps(start, end)) continue;
      const negation = rule.negatable ? negationBefore(passage, start) : null;
      if (negation) {
        taken.push([negation.start, end]);
        cues.push({ rule, text: match[0], negatedBy: negation.text });
      } else {
        taken.push([start, end]);
        cues.push({ rule, text: match[0] });
      }
    }
  }
  return cues;
}

/** A negation or condition among the three words before `index`, within the same clause. */
function negationBefore(passage: string, index: number): { text: string; start: number } | null {
  const before = passage.slice(0, index);
  const clauseStart = Math.max(...[',', ';', ':', '.', '“', '"'].map((p) => before.lastIndexOf(p))) + 1;
  const words = [...before.slice(clauseStart).matchAll(/[\p{L}']+/gu)].slice(-3);
  for (const word of words) {
    if (NEGATORS.test(word[0])) return { text: word[0], start: clauseStart + word.index };
  }
  return null;
}

function describe(cues: Cue[]): string {
  const byRule = new Map<string, Cue[]>();
  for (const cue of cues) byRule.set(cue.rule.id, [...(byRule.get(cue.rule.id) ?? []), cue]);
  return [...byRule].map(([id, list]) => `${id}: ${quoted(list)}`).join('; ');
}

function quoted(cues: Cue[]): string {
  return cues.map((c) => `"${c.text}"`).join(', ');
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
