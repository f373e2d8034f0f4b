/**
 * A generated newsroom archive for the retrieval benchmarks: articles of 1.5–5k characters
 * on many topics, written word by word from one shared Zipf-like vocabulary (real frequent
 * news words first — "said", "year", "percent" — then made-up words) mixed with each
 * topic's own word pool, names and numbers. Article `i` is a pure function of (seed, i),
 * so a claim can be drawn from any article's text without storing the archive.
 */

/** mulberry32: a small seeded PRNG. */
export function prng(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Frequent words of news prose: the head of the vocabulary (stop words are dropped by the
// text-search configuration; the others are the common words retrieval must not lean on).
const HEAD = (
  'the of to and a in said that for on is was with he it as at by from his be have has but are not they this ' +
  'year percent people government new also would two first last more after its who been were one told over ' +
  'some time could other three million week state police public officials minister country report world ' +
  'since years will while before only their most company president told city which when many there day'
).split(' ');
const SYLLABLES = (
  'ka lo mi ru ten va bor sil den pra gu ne tol mar fi zan ko pel dru sav ni hol rak tem ju bis for gal nor vin ' +
  'qua dex lum pod ser tav wen yul zor'
).split(' ');

/** The made-up word of vocabulary rank `rank` (base-|SYLLABLES| digits as syllables). */
function madeUpWord(rank: number): string {
  let word = '';
  let n = rank;
  do {
    word += SYLLABLES[n % SYLLABLES.length];
    n = Math.floor(n / SYLLABLES.length);
  } while (n > 0);
  return word.length < 4 ? `${word}ra` : word;
}

export interface CorpusOptions {
  seed: number;
  /** Distinct words of the shared vocabulary (Zipf with exponent ~1 over ranks 1..vocabulary). */
  vocabulary: number;
  topics: number;
}

export const DEFAULT_CORPUS: CorpusOptions = { seed: 20261201, vocabulary: 60_000, topics: 3000 };

export interface GeneratedArticle {
  url: string;
  title: string;
  publisher: string;
  body: string;
  topic: number;
}

const PUBLISHERS = Array.from({ length: 40 }, (_, i) => `Bench Outlet ${i + 1}`);

export class ArchiveCorpus {
  private readonly vocabulary: string[];
  private readonly ranks: Map<string, number>;
  private readonly pools = new Map<number, { words: string[]; names: string[] }>();

  constructor(private readonly options: CorpusOptions = DEFAULT_CORPUS) {
    this.vocabulary = [
      ...HEAD,
      ...Array.from({ length: options.vocabulary - HEAD.length }, (_, i) => madeUpWord(i + 1600)),
    ];
    this.ranks = new Map(this.vocabulary.map((word, rank) => [word, rank]));
  }

  /** A word of the shared vocabulary: rank ~ V^u has P(rank) ∝ 1/rank (Zipf, s = 1). */
  private zipfWord(random: () => number): string {
    const rank = Math.floor(this.vocabulary.length ** random()) - 1;
    return this.vocabulary[Math.min(rank, this.vocabulary.length - 1)];
  }

  /** A topic's pool: mid-frequency words of the vocabulary and a few names of its own. */
  private topicPool(topic: number): { words: string[]; names: string[] } {
    const cached = this.pools.get(topic);
    if (cached) return cached;
    const random = prng(this.options.seed ^ (topic * 7919 + 1));
    const words = Array.from({ length: 30 }, () => this.vocabulary[200 + Math.floor(random() * 20_000)]);
    const names = Array.from({ length: 4 }, () => this.name(random));
    this.pools.set(topic, { words, names });
    return { words, names };
  }

  /** A capitalised name from a space of ~50M, so names are rare but recur within a topic. */
  private name(random: () => number): string {
    const n = Math.floor(random() * 50_000_000) + 1600;
    const word = madeUpWord(n);
    return word[0].toUpperCase() + word.slice(1);
  }

  /** One sentence of 8–25 words in `topic`'s voice. */
  sentence(random: () => number, topic: number, people: string[]): string {
    const pool = this.topicPool(topic);
    const length = 8 + Math.floor(random() * 18);
    const words: string[] = [];
    for (let i = 0; i < length; i++) {
      const r = random();
      if (r < 0.18) words.push(pool.words[Math.floor(random() * pool.words.length)]);
      else if (r < 0.21) words.push(pool.names[Math.floor(random() * pool.names.length)]);
      else if (r < 0.24) words.push(people[Math.floor(random() * people.length)]);
      else if (r < 0.26) words.push(String(Math.floor(random() ** 3 * 100_000)));
      else words.push(this.zipfWord(random));
    }
    words[0] = words[0][0].toUpperCase() + words[0].slice(1);
    return `${words.join(' ')}.`;
  }

  topicOf(index: number): number {
    return Math.floor(prng(this.options.seed ^ (index * 2654435761))() * this.options.topics);
  }

  /** Article `index`: 1.5–5k characters of sentences about its topic. */
  article(index: number): GeneratedArticle {
    const random = prng(this.options.seed + index * 2654435761);
    const topic = this.topicOf(index);
    const people = Array.from({ length: 3 }, () => this.name(random));
    const target = 1500 + Math.floor(random() * 3500);
    const sentences: string[] = [];
    let length = 0;
    while (length < target) {
      const sentence = this.sentence(random, topic, people);
      if (length + sentence.length + 1 > 5000) break;
      sentences.push(sentence);
      length += sentence.length + 1;
    }
    const title = this.sentence(random, topic, people).split(' ').slice(0, 9).join(' ').replace(/\.$/, '');
    return {
      url: `https://archive.bench/${topic}/${index}`,
      title,
      publisher: PUBLISHERS[index % PUBLISHERS.length],
      body: sentences.join(' '),
      topic,
    };
  }

  /** The sentences of article `index`'s body. */
  sentencesOf(index: number): string[] {
    return this.article(index).body.split(/(?<=\.) /);
  }

  /** A sentence about a topic, not taken from any article (a claim the archive knows nothing of). */
  unseenSentence(seed: number): string {
    const random = prng(this.options.seed ^ (seed * 40503 + 17));
    const topic = Math.floor(random() * this.options.topics);
    return this.sentence(random, topic, [this.name(random)]);
  }

  /**
   * A paraphrase: about a quarter of the words dropped, a quarter of the rest replaced by a
   * word of similar frequency (a synonym's stand-in), and the halves of the sentence swapped.
   */
  paraphrase(sentence: string, seed: number): string {
    const random = prng(seed);
    const words = sentence
      .replace(/\.$/, '')
      .split(' ')
      .filter(() => random() >= 0.25);
    const replaced = words.map((word) => {
      if (random() >= 0.25) return word;
      const rank = this.ranks.get(word.toLowerCase());
      if (rank === undefined) return word;
      const near = Math.floor(rank * (0.5 + random() * 1.5));
      return this.vocabulary[Math.min(Math.max(near, 0), this.vocabulary.length - 1)];
    });
    const half = Math.floor(replaced.length / 2);
    return [...replaced.slice(half), ...replaced.slice(0, half)].join(' ');
  }
}
