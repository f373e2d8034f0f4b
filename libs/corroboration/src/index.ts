import * as createArticles from './migrations/1795981529054-CreateArticles';

export type { ClaimToCorroborate, SourceAdapter, SourceFinding, Stance } from './source-adapter';

export { classifyStance, STANCE_RULES, RESTATEMENT_RELEVANCE } from './domain/stance-classifier';
export type { StanceAssessment, StanceRule, StanceEffect } from './domain/stance-classifier';
export { stanceOfRating, RATING_TABLE } from './domain/textual-rating';
export type { RatingStance } from './domain/textual-rating';
export { repeatedReportingOf } from './domain/repeated-reporting';
export { isSubjectResponse } from './domain/subject-response';
export { bestPassages, splitSentences } from './domain/passages';
export type { RankedPassage } from './domain/passages';
export { relevance, tokenOverlap, trigramSimilarity } from './domain/text-similarity';

export { ArticleRepository } from './archive/article.repository';
export type { ArticlesTable, NewArticle, ArticleSearch } from './archive/article.repository';
export { ArchiveAdapter } from './archive/archive.adapter';
export type { ArchiveAdapterOptions } from './archive/archive.adapter';

export { refusalReason, addressCheck, resolveCheckedAddress } from './cited-urls/address-guard';
export type { AddressCheck } from './cited-urls/address-guard';
export { PageFetcher } from './cited-urls/page-fetcher';
export type { PageFetcherOptions, FetchedPage } from './cited-urls/page-fetcher';
export { extractMainText } from './cited-urls/main-text';
export type { MainText } from './cited-urls/main-text';
export { CitedUrlsAdapter } from './cited-urls/cited-urls.adapter';
export type { CitedUrlsAdapterOptions } from './cited-urls/cited-urls.adapter';

export { ClaimReviewAdapter } from './claim-review/claim-review.adapter';
export type { ClaimReviewAdapterOptions } from './claim-review/claim-review.adapter';

export { runAdapters } from './runner/run-adapters';
export type { SourceResult, RunOptions } from './runner/run-adapters';
export { AdapterPolicies, backoffDelay } from './runner/adapter-policy';
export type { AdapterPolicy } from './runner/adapter-policy';

export { createSourceAdapters, createAdapterPolicies } from './source-adapters';
export { CorroborationModule, SOURCE_ADAPTERS, InjectSourceAdapters } from './corroboration.module';

/** The migrations of the corroboration lib's tables (the newsroom archive). */
export const corroborationMigrations = {
  '1795981529054-CreateArticles': createArticles,
};
