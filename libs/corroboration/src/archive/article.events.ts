/** The event-log stream of an archive article: `article-<id>`. */
export function articleStreamId(articleId: string): string {
  return `article-${articleId}`;
}

export const ARTICLE_INGESTED = 'ArticleIngested';

/**
 * An article joined the archive (`POST /articles`, first time for its URL): appended in the
 * transaction that stores it, so the re-check relay, which follows the log, never misses one.
 */
export interface ArticleIngestedData {
  articleId: string;
  url: string;
  title: string;
  /** Publisher id. */
  publisher: string;
  publishedAt: string | null;
  language: string;
}
