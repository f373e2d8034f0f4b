import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

const BLOCKS = 'h1, h2, h3, h4, h5, h6, p, li, blockquote, pre, td, figcaption';

/** The readable text of a page: its title and one line per paragraph-like block. */
export interface MainText {
  title: string;
  text: string;
}

/**
 * The main text of an HTML page, without navigation, ads and footers: Mozilla's
 * Readability (Firefox Reader View) picks the article, linkedom gives it a DOM. Text is
 * kept one block per line so passages never run across paragraph boundaries. Pages
 * Readability cannot read fall back to the body's blocks.
 */
export function extractMainText(html: string): MainText {
  const { document } = parseHTML(html);
  const title = (document.querySelector('title')?.textContent ?? '').trim();
  for (const element of document.querySelectorAll('script, style, noscript, template')) element.remove();
  // Readability mutates the document it reads: hand it a copy, keep the original for the fallback.
  const article = new Readability(parseHTML(document.toString()).document).parse();
  const container = article?.content
    ? parseHTML(`<html><body>${article.content}</body></html>`).document.body
    : document.body;
  const text = blockLines(container);
  return { title: article?.title?.trim() || title, text: text || normalize(container?.textContent ?? '') };
}

/** The whole text for a plain-text page, normalised the same way. */
export function plainText(body: string): MainText {
  return { title: '', text: body.split(/\r?\n/).map(normalize).filter(Boolean).join('\n') };
}

function blockLines(
  container: {
    querySelectorAll(selector: string): Iterable<{ textContent: string | null; querySelector(s: string): unknown }>;
  } | null,
): string {
  if (!container) return '';
  const lines: string[] = [];
  for (const block of container.querySelectorAll(BLOCKS)) {
    // A block holding other blocks (li > p) is read through its children.
    if (block.querySelector(BLOCKS)) continue;
    const line = normalize(block.textContent ?? '');
    if (line) lines.push(line);
  }
  return lines.join('\n');
}

function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
