import type { AnalysedText } from './analysed-text';
import { REFUTING_WORDS } from './lexicons';

/** Terms match on their first letters, so "drone"/"drones" and "supplies"/"supplying" meet. */
const KEY_LENGTH = 4;
/** How many of the claim's terms must meet in one sentence (fewer when the claim has fewer). */
const REQUIRED_TOGETHER = 2;

/** How an article's sentences hold a claim's terms. */
export interface ClaimTermsTogether {
  /** The most distinct claim terms found in a single sentence of the body. */
  together: number;
  /** Distinct terms of the claim. */
  claimTerms: number;
  /** Whether that is enough for the article to be about the claim at all. */
  enough: boolean;
  /**
   * A refuting word ("denied", "baseless") in a sentence that holds enough of the claim's terms,
   * when the claim itself has none: the article states the claim to contest it.
   */
  contestedBy?: string;
}

/**
 * A relatedness guard: an article is about a claim only if some sentence of it holds at least
 * two of the claim's terms together, one of them not a name. Sharing words scattered over a long
 * article (a "drone" here, a "China" three paragraphs later), or only the claim's place and month
 * ("Odesa's opera house reopened in October"), is how articles about other stories look related.
 * `names` are the keys of the claim's names (see claimNames); with none, every term counts alike.
 */
export function claimTermsTogether(
  claim: AnalysedText,
  body: AnalysedText,
  names: ReadonlySet<string> = new Set(),
): ClaimTermsTogether {
  const claimKeys = new Set(claim.content.map(keyOf));
  const required = Math.min(REQUIRED_TOGETHER, claimKeys.size);
  const needsWord = [...claimKeys].some((key) => !names.has(key));
  const claimRefutes = claim.tokens.some((t) => REFUTING_WORDS.has(t));
  let together = 0;
  let contestedBy: string | undefined;
  for (const sentence of body.sentences) {
    const found = new Set<string>();
    let word = false;
    for (const term of sentence.content) {
      const key = keyOf(term);
      if (!claimKeys.has(key)) continue;
      found.add(key);
      if (!names.has(key)) word = true;
    }
    if (needsWord && !word) continue;
    together = Math.max(together, found.size);
    if (!contestedBy && !claimRefutes && found.size >= required) {
      contestedBy = sentence.content.find((t) => REFUTING_WORDS.has(t) && !claimKeys.has(keyOf(t)));
    }
  }
  const result: ClaimTermsTogether = { together, claimTerms: claimKeys.size, enough: together >= required };
  if (contestedBy) result.contestedBy = contestedBy;
  return result;
}

function keyOf(term: string): string {
  return term.slice(0, KEY_LENGTH);
}
