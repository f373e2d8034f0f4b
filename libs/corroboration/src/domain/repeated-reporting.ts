/**
 * An outlet's name: up to five capitalised words. Linear-time by construction: a name starts
 * only where no letter precedes it, and each word is bounded, so an attempt at one start reads
 * a bounded stretch of text — an 80k-character run of capitals costs one pass, not n² steps.
 */
const WORD = String.raw`[\p{Lu}][\p{L}&.'’-]{0,39}`;
const NAME = String.raw`(?<![\p{L}&.'’-])(${WORD}(?:[ \t]{1,3}(?:of[ \t]{1,3}|for[ \t]{1,3})?${WORD}){0,4})`;

/**
 * How a passage says it only relays another outlet's reporting, each capturing the
 * outlet's name. Tried in order; the first that names an outlet wins.
 */
const ATTRIBUTIONS: readonly RegExp[] = [
  new RegExp(String.raw`\bfirst reported by\s+(?:the\s+)?${NAME}`, 'u'),
  new RegExp(String.raw`\bas reported by\s+(?:the\s+)?${NAME}`, 'u'),
  new RegExp(
    String.raw`\baccording to\s+(?:the\s+)?${NAME}(?=\s*(?:[,.;:)]|$)|\s+(?:news agency|newspaper|reporting|reports?)\b)`,
    'u',
  ),
  new RegExp(String.raw`\b(?:told|tells|telling)\s+(?:the\s+)?${NAME}`, 'u'),
  new RegExp(
    String.raw`${NAME}\s+(?:news agency\s+)?(?:first\s+|previously\s+|earlier\s+)?(?:reported|reports|revealed)\b`,
    'u',
  ),
];

/** Capitalised words that start sentences or name people and sources, never an outlet. */
const NOT_OUTLETS = new Set(
  (
    'The A An On In At It He She They We I This That These Those Officials Official Sources Source Police ' +
    'Monday Tuesday Wednesday Thursday Friday Saturday Sunday Earlier Later Yesterday Today Also Last'
  ).split(' '),
);

function outletName(raw: string): string | null {
  const words = raw.trim().split(/\s+/);
  while (words.length > 0 && NOT_OUTLETS.has(words[0])) words.shift();
  const name = words
    .join(' ')
    .replace(/['’]s$/, '')
    .replace(/[.,]$/, '');
  if (!name || NOT_OUTLETS.has(name)) return null;
  return name.replace(/ news agency$/i, ''); // words were joined by single spaces above
}

const normalise = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The name part of a publisher given as a domain: `news.sky.com` → `sky`, `bbc.co.uk` → `bbc`. */
function publisherKey(publisher: string): string {
  const labels = publisher
    .toLowerCase()
    .replace(/^www\./, '')
    .split('.');
  if (labels.length < 2 || /\s/.test(publisher)) return normalise(publisher);
  const secondLevel = labels.length >= 3 && /^(?:co|com|org|net|gov|ac)$/.test(labels[labels.length - 2]);
  return normalise(labels[labels.length - (secondLevel ? 3 : 2)]);
}

/**
 * The outlet whose reporting `passage` only repeats ("…, Reuters reported", "according
 * to Sky News", "as first reported by the Reuters news agency", "a western official told
 * Sky News"), or undefined. A passage attributing to its own publisher is original
 * reporting, not a repeat. Capitalisation heuristics: it may name a person now and then,
 * which only makes the policy count that finding once more cautiously.
 */
export function repeatedReportingOf(passage: string, ownPublisher?: string): string | undefined {
  const own = ownPublisher ? publisherKey(ownPublisher) : '';
  for (const pattern of ATTRIBUTIONS) {
    for (const match of passage.matchAll(new RegExp(pattern.source, 'gu'))) {
      const outlet = outletName(match[1]);
      if (!outlet) continue;
      const key = normalise(outlet);
      if (own && (own.includes(key) || key.includes(own))) continue;
      return outlet;
    }
  }
  return undefined;
}
