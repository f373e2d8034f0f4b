/** A sentence with what is inside quotation marks hidden, so attribution is sought only outside them. */
export interface QuotedText {
  /** Same length as the sentence; quoted characters (and the marks) replaced by `_`. */
  masked: string;
  /** The quoted passages, in order, without their marks. */
  quotes: Array<{ start: number; end: number; text: string }>;
  /** Whether the sentence ends inside an open quotation (continued in the next sentence or paragraph). */
  endsInQuote: boolean;
}

const OPEN = '“';
const CLOSE = '”';
const STRAIGHT = '"';

/**
 * Finds the quoted passages of a sentence. Curly marks say which way they face; a straight
 * `"` toggles. `startsInQuote` carries a quotation left open by the previous sentence: a
 * quote running over several paragraphs reopens each paragraph and closes only at its end.
 */
export function quotedText(sentence: string, startsInQuote: boolean): QuotedText {
  const masked = sentence.split('');
  const quotes: QuotedText['quotes'] = [];
  let openedAt = startsInQuote ? 0 : -1;
  const close = (end: number) => {
    const text = sentence.slice(openedAt, end).replace(/^[“"]/, '').trim();
    if (text) quotes.push({ start: openedAt, end, text });
    for (let k = openedAt; k < end; k++) masked[k] = '_';
    openedAt = -1;
  };
  for (let i = 0; i < sentence.length; i++) {
    const ch = sentence[i];
    const inQuote = openedAt >= 0;
    if (ch === OPEN || (ch === STRAIGHT && !inQuote)) {
      if (inQuote) close(i);
      openedAt = i;
    } else if (ch === CLOSE || (ch === STRAIGHT && inQuote)) {
      if (inQuote) close(i);
      masked[i] = '_';
    }
  }
  const endsInQuote = openedAt >= 0;
  if (endsInQuote) close(sentence.length);
  return { masked: masked.join(''), quotes, endsInQuote };
}

// The conjunction "that" opening a statement, not the pronoun ("that had nothing to do with it").
const LEADING_THAT = /^that\s+(?!(?:is|was|were|has|had|have|would|will|could|can|did|does|may|might|should|must)\s)/i;

/** Removes quotation marks and tidies the ends: what a claim's statement should read like. */
export function plainStatement(text: string): string {
  const plain = text.replace(/[“”"]/g, '').replace(/\s+/g, ' ').trim().replace(LEADING_THAT, '');
  const trimmed = trimEndChars(plain, ' ,;:.');
  return trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
}

/** `text` without the given characters at its end (a loop: `/[…]+$/` restarts at every character of a long run). */
export function trimEndChars(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text[end - 1])) end--;
  return text.slice(0, end);
}
