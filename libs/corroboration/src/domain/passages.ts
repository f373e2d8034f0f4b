import { relevance } from './text-similarity';

/** A sentence of a text and how relevant it is to the claim. */
export interface RankedPassage {
  text: string;
  relevance: number;
}

/**
 * The sentences of a text. Lines are kept apart (paragraphs never merge); inside a line
 * a sentence ends at . ! or ? (and a closing quote) followed by a capital or an opening quote.
 */
export function splitSentences(text: string): string[] {
  return text
    .split(/\r?\n+/)
    .flatMap((line) => line.split(/(?<=[.!?][”"’)]?)\s+(?=[“"‘(]?[\p{Lu}\d])/u))
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** The `limit` sentences most relevant to the claim, best first, none below `minRelevance`. */
export function bestPassages(claim: string, text: string, limit: number, minRelevance: number): RankedPassage[] {
  return splitSentences(text)
    .map((sentence) => ({ text: sentence, relevance: relevance(claim, sentence) }))
    .filter((p) => p.relevance >= minRelevance)
    .sort((a, b) => b.relevance - a.relevance)
    .slice(0, limit);
}
