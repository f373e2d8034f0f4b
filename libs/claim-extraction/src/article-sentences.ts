import nlp from 'compromise';
import { quotedText } from './quoted-text';

/** A sentence of the article's body, with where it starts in the original text. */
export interface ArticleSentence {
  text: string;
  offset: number;
  /** Index of its paragraph among the body paragraphs (boilerplate excluded). */
  paragraph: number;
  /** The paragraph is an item of a list under a lead-in ending with a colon (its bullet, if any, removed). */
  listItem?: boolean;
}

// "- item", "• item", "1. item": a list item's marker.
const BULLET = /^(?:[-–—•*·▪●]|\d{1,2}[.)])[ \t]+/;

// A story's paragraph ends like a sentence; scraped-in headlines ("Read more:", teasers) do not.
const ENDS_LIKE_PROSE = /[.!?][”’"')\]]*$|[.!?,]?[”"]$/;
const OPENS_WITH_QUOTE = /^[“"]/;

/**
 * Splits an article into body sentences. Paragraphs are lines; a paragraph that does not
 * end like prose is page furniture (a headline, a "Read more:" teaser) and is dropped,
 * except a colon that introduces a quote in the next paragraph. Sentence boundaries within
 * a paragraph come from compromise, which knows abbreviations, decimals and quotes.
 */
export function articleSentences(text: string): ArticleSentence[] {
  const lines = [...text.matchAll(/[^\n]+/g)]
    .map((m) => ({ text: m[0].trimEnd(), offset: m.index + (m[0].length - m[0].trimStart().length) }))
    .map((line) => ({ ...line, text: line.text.trimStart() }))
    .filter((line) => line.text.length > 0);
  // A bulleted line under a lead-in ending with a colon, or under another such item (one pass).
  const listItems: boolean[] = [];
  lines.forEach((line, i) => {
    listItems.push(i > 0 && BULLET.test(line.text) && (lines[i - 1].text.endsWith(':') || listItems[i - 1]));
  });
  const isBody = (i: number): boolean => {
    if (lines.length === 1) return true;
    const line = lines[i].text;
    if (ENDS_LIKE_PROSE.test(line) || ENDS_LIKE_PROSE.test(withoutTrailingBrackets(line))) return true;
    // A lead-in ("He also said:") before a quotation, a list or a paragraph quoted as a block.
    if (line.endsWith(':') && i + 1 < lines.length)
      return OPENS_WITH_QUOTE.test(lines[i + 1].text) || listItems[i + 1] || ENDS_LIKE_PROSE.test(lines[i + 1].text);
    return listItems[i];
  };

  const sentences: ArticleSentence[] = [];
  let paragraph = 0;
  lines.forEach((line, i) => {
    if (!isBody(i)) return;
    const item = listItems[i];
    const marker = item ? (BULLET.exec(line.text)?.[0].length ?? 0) : 0;
    for (const s of splitParagraph(line.text.slice(marker)))
      sentences.push({
        text: s.text,
        offset: line.offset + marker + s.start,
        paragraph,
        ...(item && { listItem: true }),
      });
    paragraph += 1;
  });
  return sentences;
}

/** "… Expert said. [Trippy Tales: The History of 8 Hallucinogens]": the line without a bracketed link at its end. */
function withoutTrailingBrackets(line: string): string {
  if (!line.endsWith(']')) return line;
  const open = line.lastIndexOf('[');
  return open > 0 ? line.slice(0, open).trimEnd() : line;
}

interface Span {
  text: string;
  start: number;
}

/**
 * The NLP library's cost grows faster than the text it is given: a paragraph is handed to it in
 * pieces of at most this many characters (cut at a space where there is one).
 */
export const MAX_PIECE_CHARS = 4000;

function splitParagraph(paragraph: string): Span[] {
  if (paragraph.length <= MAX_PIECE_CHARS) return splitPiece(paragraph);
  const spans: Span[] = [];
  for (let start = 0; start < paragraph.length;) {
    let end = Math.min(paragraph.length, start + MAX_PIECE_CHARS);
    if (end < paragraph.length) {
      const space = paragraph.lastIndexOf(' ', end);
      if (space > start + MAX_PIECE_CHARS / 2) end = space;
    }
    for (const s of splitPiece(paragraph.slice(start, end))) spans.push({ text: s.text, start: start + s.start });
    start = end;
  }
  return spans;
}

function splitPiece(paragraph: string): Span[] {
  // Tokenizing is enough to find sentence boundaries, and ten times faster than tagging.
  const found = nlp.tokenize(paragraph).json({ offset: true, text: true, terms: {} }) as Array<{
    offset: { start: number };
  }>;
  // compromise leaves an opening quote mark before a sentence out of it; cutting at each
  // sentence's start, moved back over such marks, keeps the marks with their sentence.
  const cuts = found.map(({ offset }, i) => {
    let cut = i === 0 ? 0 : offset.start;
    while (cut > 0 && /[“"‘(]/.test(paragraph[cut - 1])) cut--;
    return cut;
  });
  // It does not end a sentence at a closing quote (“… debris.” The minister …); this does.
  for (const m of paragraph.matchAll(/[.!?][”"]\s+(?=[“"]?\p{Lu})/gu)) cuts.push(m.index + m[0].length);
  // Nor after an abbreviation before an opening quote (“…,” said X of Acme Inc. “The economy …”).
  for (const m of paragraph.matchAll(/[.!?]\s+(?=“\p{Lu})/gu)) cuts.push(m.index + m[0].length);
  // Nor inside a quotation (“We met. We talked.”): each quoted passage is split on its own.
  cuts.push(...cutsInsideQuotes(paragraph));
  const sorted = [...new Set(cuts)].sort((a, b) => a - b);
  return sorted
    .map((cut, i) => {
      const raw = paragraph.slice(cut, sorted[i + 1] ?? paragraph.length);
      return { text: raw.trim(), start: cut + (raw.length - raw.trimStart().length) };
    })
    .filter((s) => s.text.length > 0);
}

// A quotation shorter than this holds at most one sentence worth splitting ("Sure. Fine.").
const MIN_QUOTE_TO_SPLIT = 20;

/**
 * compromise keeps a quotation whole, however many sentences it holds; the claims are one per
 * sentence, so each quoted passage is tokenized on its own and cut where its sentences start.
 */
function cutsInsideQuotes(paragraph: string): number[] {
  const cuts: number[] = [];
  for (const q of quotedText(paragraph, false).quotes) {
    const inner = paragraph.slice(q.start, q.end);
    if (inner.length < MIN_QUOTE_TO_SPLIT || !/[.!?]\s/.test(inner)) continue;
    const parts = nlp.tokenize(inner).json({ offset: true, terms: {} }) as Array<{ offset: { start: number } }>;
    for (const part of parts.slice(1)) cuts.push(q.start + part.offset.start);
  }
  return cuts;
}
