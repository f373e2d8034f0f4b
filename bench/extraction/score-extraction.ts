import type { ExtractedClaim } from '@claimtrail/claim-extraction';

/** A gold claim of the development set (test/fixtures/extraction). */
export interface GoldClaim {
  id: string;
  part: 'title' | 'body';
  statement: string;
  claimant: string;
  verb: string;
  kind: string;
  checkable: boolean;
}

export interface ArticleScore {
  matched: Array<{ gold: GoldClaim; found: ExtractedClaim; f1: number; claimantOk: boolean; kindOk: boolean }>;
  missed: GoldClaim[];
  spurious: ExtractedClaim[];
  /** Claims in the article's own voice from its body: out of scope, counted only. */
  ownVoice: number;
}

/** Statements match at this token F1 or above. */
export const MIN_F1 = 0.5;

const STOPWORDS = new Set(
  (
    'a an the and or but of for in on at to from by with that this these those it its is are was were be been has ' +
    'have had there their they them as so'
  ).split(' '),
);
const DETERMINERS = new Set(['a', 'an', 'the']);

function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .split(/[^\p{L}\p{N}'$.%-]+/u)
    .map((w) => w.replace(/^[.'-]+|[.'-]+$/g, ''))
    .filter((w) => w.length > 0 && !STOPWORDS.has(w));
}

/** Token F1 of two statements (bags of words, stop words dropped). */
export function tokenF1(a: string, b: string): number {
  const ta = tokens(a);
  const tb = tokens(b);
  if (ta.length === 0 || tb.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const t of tb) counts.set(t, (counts.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of ta) {
    const n = counts.get(t) ?? 0;
    if (n > 0) {
      common += 1;
      counts.set(t, n - 1);
    }
  }
  if (common === 0) return 0;
  const precision = common / ta.length;
  const recall = common / tb.length;
  return (2 * precision * recall) / (precision + recall);
}

function claimantWords(claimant: string): Array<{ word: string; capitalised: boolean }> {
  return claimant
    .replace(/[’‘]/g, "'")
    .split(/[^\p{L}\p{N}'.-]+/u)
    .map((w) => w.replace(/^[.'-]+|[.'-]+$/g, '').replace(/'s$/, ''))
    .filter((w) => w && !DETERMINERS.has(w.toLowerCase()))
    .map((w) => ({ word: w.toLowerCase(), capitalised: /^\p{Lu}/u.test(w) }));
}

/**
 * Claimants agree when the extracted one is a shorter form of the gold one (all its words in
 * the gold), or the gold one plus capitalised title words ("Detective Lt. Robert Pfannes").
 */
export function claimantsAgree(found: string, gold: string): boolean {
  const f = claimantWords(found);
  const g = claimantWords(gold);
  if (f.length === 0 || g.length === 0) return false;
  const gSet = new Set(g.map((w) => w.word));
  const fSet = new Set(f.map((w) => w.word));
  if (f.every((w) => gSet.has(w.word))) return true;
  return g.every((w) => fSet.has(w.word)) && f.every((w) => gSet.has(w.word) || w.capitalised);
}

/** Scores one article: one-to-one matching by statement token F1 (best first), then claimant and kind on the pairs. */
export function scoreArticle(gold: GoldClaim[], extracted: ExtractedClaim[], outlet: string): ArticleScore {
  const isOwnVoice = (c: ExtractedClaim) =>
    c.part === 'body' && c.attributionVerb === 'stated' && c.claimant === outlet;
  const found = extracted.filter((c) => !isOwnVoice(c));
  const pairs = gold
    .flatMap((g) => found.map((f) => ({ g, f, f1: tokenF1(f.statement, g.statement) })))
    .filter((p) => p.f1 >= MIN_F1)
    .sort((x, y) => y.f1 - x.f1);
  const usedG = new Set<GoldClaim>();
  const usedF = new Set<ExtractedClaim>();
  const matched: ArticleScore['matched'] = [];
  for (const { g, f, f1 } of pairs) {
    if (usedG.has(g) || usedF.has(f)) continue;
    usedG.add(g);
    usedF.add(f);
    matched.push({
      gold: g,
      found: f,
      f1,
      claimantOk: claimantsAgree(f.claimant, g.claimant),
      kindOk: f.attribution.kind === g.kind,
    });
  }
  return {
    matched,
    missed: gold.filter((g) => !usedG.has(g)),
    spurious: found.filter((f) => !usedF.has(f)),
    ownVoice: extracted.length - found.length,
  };
}

export interface Totals {
  articles: number;
  gold: number;
  extracted: number;
  matched: number;
  precision: number;
  recall: number;
  claimantAccuracy: number;
  kindAccuracy: number;
  checkableAccuracy: number;
  ownVoice: number;
}

/** Micro-averaged totals over articles. */
export function totals(scores: ArticleScore[]): Totals {
  const matched = scores.flatMap((s) => s.matched);
  const gold = scores.reduce((n, s) => n + s.matched.length + s.missed.length, 0);
  const extracted = scores.reduce((n, s) => n + s.matched.length + s.spurious.length, 0);
  const share = (k: number, n: number) => (n === 0 ? 1 : k / n);
  return {
    articles: scores.length,
    gold,
    extracted,
    matched: matched.length,
    precision: share(matched.length, extracted),
    recall: share(matched.length, gold),
    claimantAccuracy: share(matched.filter((m) => m.claimantOk).length, matched.length),
    kindAccuracy: share(matched.filter((m) => m.kindOk).length, matched.length),
    checkableAccuracy: share(
      matched.filter((m) => m.found.attribution.checkable === m.gold.checkable).length,
      matched.length,
    ),
    ownVoice: scores.reduce((n, s) => n + s.ownVoice, 0),
  };
}
