import { Injectable } from '@nestjs/common';
import { ColumnType, Generated, Kysely, sql, Transaction } from 'kysely';
import { Database, InjectDb } from '@claimtrail/database';

export interface ArticlesTable {
  id: Generated<string>;
  url: string;
  title: string;
  publisher: string;
  published_at: Date | null;
  body: string;
  /** ISO 639-1; picks the text-search configuration (`article_search_config`). */
  language: Generated<string>;
  ingested_at: Generated<Date>;
  /** Who posted the article through the API; null when it was loaded in bulk (seed loader, bench). */
  posted_by: ColumnType<ArticlePoster | null, string | null | undefined, never>;
}

/** The API key that posted an article, and its role. */
export interface ArticlePoster {
  keyId: string;
  role: string;
}

/**
 * The narrow table the search scans: an article's id and its tsvector (title weight A, body weight B), written by
 * triggers on `articles`, never by the code.
 */
export interface ArticleSearchTable {
  id: ColumnType<string, never, never>;
  search: ColumnType<string, never, never>;
}

/** Document frequency of each lexeme of the archive (kept by triggers on `articles`). */
export interface ArticleTermsTable {
  lexeme: string;
  articles: ColumnType<string, never, never>;
}

/** One row: how many articles the archive holds (kept by the same triggers). */
export interface ArticleArchiveStatsTable {
  singleton: ColumnType<boolean, never, never>;
  articles: ColumnType<string, never, never>;
}

declare module '@claimtrail/database' {
  interface Database {
    articles: ArticlesTable;
    article_search: ArticleSearchTable;
    article_terms: ArticleTermsTable;
    article_archive_stats: ArticleArchiveStatsTable;
  }
}

/** An article for the archive, as `POST /articles` and the seed loader give it. */
export interface NewArticle {
  url: string;
  title: string;
  publisher: string;
  publishedAt?: Date | null;
  body: string;
  language?: string;
  /** The key that posted it through the API (absent for bulk loads). */
  postedBy?: ArticlePoster | null;
}

/** How the archive is searched for a claim. */
export interface ArticleSearch {
  text: string;
  language: string;
  /** The claim's own article: never its own corroboration. */
  excludeUrl?: string;
  /** Candidates returned, best first (`ARCHIVE_CANDIDATES`). */
  limit: number;
}

/**
 * How a claim becomes index probes. Each bound keeps the work of one search independent of the
 * archive's size: the terms looked at, the postings a lone term may bring, the rows one probe may bring.
 */
export const RETRIEVAL = {
  /** The claim's rarest lexemes probed. */
  maxTerms: 10,
  /**
   * Pairs are formed with the rarest few lexemes only (anchors): a pair's matches are bounded by its
   * anchor's postings, and two topic words paired together match a whole topic.
   */
  anchors: 3,
  /** A lexeme in more than this share of the archive is too common to probe ("said", "year"). */
  commonShare: 0.05,
  /** …unless it is in at most this many articles (a small archive has no common words to speak of). */
  commonFloor: 20,
  /** The rarest lexemes are probed alone while their postings add up to at most this (the rarest always). */
  singlePostings: 1000,
  /** Rows one probe contributes at most (a pair of fairly common words can match many articles). */
  probeRows: 500,
  /**
   * Rows all probes contribute together, rarest probes first: the bound on one search's heap reads. 1,000 since the
   * all-lexemes probe finds verbatim copies whatever the budget (at 1M articles: −23% blocks, −20% backend CPU per
   * search against 2,000; verbatim recall unchanged, paraphrase recall@1 and @50 0.01 lower).
   */
  totalRows: 1000,
  /** Share of the best possible score from which word_similarity looks for a near-verbatim copy. */
  nearDuplicateScore: 0.6,
  /**
   * …in at most this many of the best candidates: word_similarity costs ~1 ms per 3k characters of body (at 1M
   * articles, claims whose few probes tie dozens of candidates above the share made the search's tail).
   */
  nearDuplicateChecks: 5,
} as const;

/** A candidate article for a claim, as `search` returns it. */
export interface ArticleCandidate {
  id: string;
  url: string;
  title: string;
  publisher: string;
  publishedAt: Date | null;
  body: string;
  /** Who posted the article through the API, if anyone did. */
  postedBy: ArticlePoster | null;
  /** Share (0..1) of the best score a claim's probes allow. */
  rank: number;
  /** pg_trgm word similarity of the claim in the body (0..1); computed for the few best candidates only, else 0. */
  nearDuplicate: number;
}

/**
 * The newsroom archive, searched through its GIN index with a claim's informative words only.
 * `article_terms` (kept by triggers on every write) gives each lexeme's document frequency. The
 * claim's rarest lexemes — none in more than `commonShare` of the archive — are probed alone when
 * rare enough and in pairs with one of the `anchors` rarest otherwise (an AND the index answers by
 * intersecting posting lists), after one probe of all of them at once (a verbatim copy's), each probe bounded,
 * rarest first, under one row budget (`totalRows`):
 * every matched row is a heap row read, which is what a search's tail is made of at 1M articles — so the index and
 * those rows are in `article_search` (id and tsvector only, a heap that stays cached), not in `articles`. An article
 * scores the IDF of every probe it matches: articles sharing several rare words with the claim come first, one sharing
 * only "said" and "year" is not found at all, and a near-verbatim copy matches every probe. Only the top `limit`
 * articles are read from `articles`.
 */
@Injectable()
export class ArticleRepository {
  constructor(@InjectDb() private readonly db: Kysely<Database>) {}

  /**
   * Adds an article, once per URL: ingesting the same URL again changes nothing and
   * returns the stored article's id with `created: false`.
   */
  async ingest(article: NewArticle, trx?: Transaction<Database>): Promise<{ id: string; created: boolean }> {
    const db = trx ?? this.db;
    const inserted = await db
      .insertInto('articles')
      .values({
        url: article.url,
        title: article.title,
        publisher: article.publisher,
        published_at: article.publishedAt ?? null,
        body: article.body,
        language: article.language ?? 'en',
        posted_by: article.postedBy
          ? JSON.stringify({ keyId: article.postedBy.keyId, role: article.postedBy.role })
          : null,
      })
      .onConflict((oc) => oc.column('url').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) return { id: inserted.id, created: true };
    const existing = await db
      .selectFrom('articles')
      .select('id')
      .where('url', '=', article.url)
      .executeTakeFirstOrThrow();
    return { id: existing.id, created: false };
  }

  findByUrl(url: string) {
    return this.db
      .selectFrom('articles')
      .select([
        'id',
        'url',
        'title',
        'publisher',
        'published_at as publishedAt',
        'body',
        'language',
        'ingested_at as ingestedAt',
      ])
      .where('url', '=', url)
      .executeTakeFirst();
  }

  /** The term statistics: how many articles hold `lexeme`, and how many the archive holds. */
  async termStatistics(lexeme: string): Promise<{ articles: number; archive: number }> {
    const row = await this.db
      .selectFrom('article_archive_stats')
      .leftJoin('article_terms', (join) => join.on('article_terms.lexeme', '=', lexeme))
      .select(['article_terms.articles as articles', 'article_archive_stats.articles as archive'])
      .executeTakeFirstOrThrow();
    return { articles: Number(row.articles ?? 0), archive: Number(row.archive) };
  }

  /** The candidate articles for a claim, best first (see the class). */
  async search(search: ArticleSearch): Promise<ArticleCandidate[]> {
    const { rows } = await this.searchQuery(search).execute(this.db);
    return rows;
  }

  /** One article, scored against the claim like `search`'s hits (a re-check reads the article that started it). */
  scoreOne({ text, language, url }: { text: string; language: string; url: string }) {
    const query = sql<string>`replace(plainto_tsquery(article_search_config(${language}), ${text})::text, '&', '|')::tsquery`;
    return this.db
      .selectFrom('articles as a')
      .innerJoin('article_search as s', 's.id', 'a.id')
      .select([
        'a.id',
        'a.url',
        'a.title',
        'a.publisher',
        'a.published_at as publishedAt',
        'a.body',
        'a.posted_by as postedBy',
        sql<number>`ts_rank_cd(s.search, ${query}, 32)`.as('rank'),
        sql<number>`word_similarity(${text}, a.body)`.as('nearDuplicate'),
      ])
      .where('a.url', '=', url)
      .executeTakeFirst();
  }

  /** The query behind `search`, for its SQL snapshot and plan. */
  searchQuery({ text, language, excludeUrl, limit }: ArticleSearch) {
    const r = RETRIEVAL;
    // A lexeme's tsquery literal is quoted, so punctuation inside a lexeme never reads as an operator.
    return sql<ArticleCandidate>`
      WITH claim AS (
        SELECT DISTINCT lexeme FROM unnest(tsvector_to_array(to_tsvector(article_search_config(${language}), ${text}))) AS lexeme
      ), terms AS MATERIALIZED (
        SELECT '''' || replace(replace(t.lexeme, '\\', '\\\\'), '''', '''''') || '''' AS literal,
          ln(1 + (s.articles - t.articles + 0.5) / (t.articles + 0.5)) AS idf,
          sum(t.articles) OVER (ORDER BY t.articles, t.lexeme) AS postings,
          row_number() OVER (ORDER BY t.articles, t.lexeme) AS rarity
        FROM claim JOIN article_terms t USING (lexeme) CROSS JOIN article_archive_stats s
        WHERE t.articles > 0 AND t.articles <= greatest(${sql.lit(r.commonFloor)}, ${sql.lit(r.commonShare)} * s.articles)
        ORDER BY t.articles, t.lexeme
        LIMIT ${sql.lit(r.maxTerms)}
      ), probes AS MATERIALIZED (
        -- Every probed lexeme at once (ordered as weighing all their IDFs, so it runs first): a verbatim copy is found
        -- by one probe, whatever the row budget leaves of the others.
        SELECT string_agg(literal, ' & ')::tsquery AS query, sum(idf) AS idf, true AS every
        FROM terms HAVING count(*) > 2
        UNION ALL
        SELECT literal::tsquery, idf, false FROM terms WHERE rarity = 1 OR postings <= ${sql.lit(r.singlePostings)}
        UNION ALL
        SELECT (a.literal || ' & ' || b.literal)::tsquery, a.idf + b.idf, false
        FROM terms a JOIN terms b ON a.rarity < b.rarity
        WHERE a.rarity <= ${sql.lit(r.anchors)}
      ), matches AS (
        -- Probes run rarest (highest IDF) first; the LIMIT stops the scan once the row budget is spent.
        SELECT m.id, p.idf, p.every
        FROM (SELECT query, idf, every FROM probes ORDER BY idf DESC) p
        CROSS JOIN LATERAL (
          SELECT s.id FROM article_search s
          WHERE s.search @@ p.query AND s.id IS DISTINCT FROM (SELECT id FROM articles WHERE url = ${excludeUrl ?? null})
          LIMIT ${sql.lit(r.probeRows)}
        ) m
        LIMIT ${sql.lit(r.totalRows)}
      ), best AS (
        SELECT sum(idf) AS score FROM probes WHERE NOT every
      ), hits AS (
        SELECT id, score, row_number() OVER (ORDER BY score DESC, id) AS position
        FROM (
          -- An article holding every probed lexeme matches every probe: the best score, however many were run.
          SELECT id, CASE WHEN bool_or(every) THEN (SELECT score FROM best) ELSE sum(idf) END AS score
          FROM matches
          GROUP BY id
        ) scored
        ORDER BY score DESC, id
        LIMIT ${limit}
      )
      SELECT a.id, a.url, a.title, a.publisher, a.published_at AS "publishedAt", a.body, a.posted_by AS "postedBy",
        (h.score / best.score)::float8 AS rank,
        (CASE WHEN h.position <= ${sql.lit(r.nearDuplicateChecks)}
            AND h.score >= ${sql.lit(r.nearDuplicateScore)} * best.score
          THEN word_similarity(${text}, a.body) ELSE 0 END)::float8 AS "nearDuplicate"
      FROM hits h CROSS JOIN best JOIN articles a ON a.id = h.id
      ORDER BY h.score DESC, h.id
    `;
  }
}
