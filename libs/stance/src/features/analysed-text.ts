import { contentTokens, splitSentences, tokenize } from '../text/tokens';

/** A text read once for every feature: its tokens, content tokens and sentences. */
export interface AnalysedText {
  text: string;
  tokens: string[];
  content: string[];
  /** Content tokens of the first sentences (the lead): news states its subject early. */
  lead: string[];
  sentences: Array<{ text: string; start: number; content: string[] }>;
}

const LEAD_CHARACTERS = 400;

export function analyseText(text: string): AnalysedText {
  const tokens = tokenize(text);
  const sentences = splitSentences(text).map((s) => ({ ...s, content: contentTokens(tokenize(s.text)) }));
  return {
    text,
    tokens,
    content: contentTokens(tokens),
    lead: contentTokens(tokenize(text.slice(0, LEAD_CHARACTERS))),
    sentences,
  };
}
