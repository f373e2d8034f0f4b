import { contentTokens, splitSentences, tokenize } from '../text/tokens';

/** A text read once for every feature: its tokens, content tokens and sentences. */
export interface AnalysedText {
  text: string;
  tokens: string[];
  content: string[];
  /** How often each content token occurs, in order of first occurrence (the bag of words every feature reads). */
  contentCounts: Map<string, number>;
  /** Content tokens of the first sentences (the lead): news states its subject early. */
  lead: string[];
  sentences: Array<{ text: string; start: number; content: string[] }>;
}

const LEAD_CHARACTERS = 400;

/**
 * Tokenises each sentence once: the text's tokens are its sentences' tokens in order (sentence breaks are never inside
 * a word).
 */
export function analyseText(text: string): AnalysedText {
  // Plain loops: this runs for every candidate article of every claim, and flatMap/spread allocate more.
  const tokens: string[] = [];
  const content: string[] = [];
  const contentCounts = new Map<string, number>();
  const sentences = splitSentences(text).map(({ text: sentence, start }) => {
    const sentenceTokens = tokenize(sentence);
    const sentenceContent = contentTokens(sentenceTokens);
    for (const t of sentenceTokens) tokens.push(t);
    for (const t of sentenceContent) {
      content.push(t);
      contentCounts.set(t, (contentCounts.get(t) ?? 0) + 1);
    }
    return { text: sentence, start, content: sentenceContent };
  });
  return {
    text,
    tokens,
    content,
    contentCounts,
    lead: contentTokens(tokenize(text.slice(0, LEAD_CHARACTERS))),
    sentences,
  };
}
