/**
 * @claimtrail/corroboration — the sources workers ask about a claim (newsroom archive,
 * ClaimReview, cited URLs), the runner that asks them in parallel under per-source
 * policies, and the articles archive. Classification and passage ranking are internals
 * of the adapters; the SSRF guard is exported for every other feature that connects to a
 * URL someone gave (webhooks), so there is one guard.
 */
import type { TableGrants } from '@claimtrail/database';
import * as createArticles from './migrations/1795981529054-CreateArticles';
import * as createArticleTerms from './migrations/1796113914379-CreateArticleTerms';
import * as narrowArticleSearch from './migrations/1796190829363-NarrowArticleSearch';
import * as articlePostedBy from './migrations/1796400000000-ArticlePostedBy';

export type { ClaimToCorroborate, SourceAdapter, SourceFinding, Stance } from './source-adapter';

export { ArticleRepository } from './archive/article.repository';
export { ARTICLE_INGESTED, articleStreamId } from './archive/article.events';
export type { ArticleIngestedData } from './archive/article.events';
export type { NewArticle } from './archive/article.repository';

export { runAdapters } from './runner/run-adapters';
export type { SourceResult } from './runner/run-adapters';
export { AdapterPolicies } from './runner/adapter-policy';

// The SSRF guard: which addresses may be connected to, and a dispatcher pinned to a checked address.
export { addressCheck, refusalReason, resolveCheckedAddress } from './cited-urls/address-guard';
export type { AddressCheck } from './cited-urls/address-guard';
export { guardedAgent } from './cited-urls/guarded-agent';
export type { GuardedAgentOptions } from './cited-urls/guarded-agent';

export { CorroborationModule, SOURCE_ADAPTERS, InjectSourceAdapters } from './corroboration.module';

/** The migrations of the corroboration lib's tables (the newsroom archive). */
export const corroborationMigrations = {
  '1795981529054-CreateArticles': createArticles,
  '1796113914379-CreateArticleTerms': createArticleTerms,
  '1796190829363-NarrowArticleSearch': narrowArticleSearch,
  '1796400000000-ArticlePostedBy': articlePostedBy,
};

/**
 * What the API and worker may do to the archive's tables (the app role's grants): articles are only added; their
 * search rows and the term counts follow by trigger (which runs as the inserting role).
 */
export const corroborationTableGrants: TableGrants = {
  articles: ['SELECT', 'INSERT'],
  article_search: ['SELECT', 'INSERT'],
  article_terms: ['SELECT', 'INSERT', 'UPDATE'],
  article_archive_stats: ['SELECT', 'UPDATE'],
};
