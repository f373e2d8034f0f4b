import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const fraction = z.coerce.number().min(0).max(1);

function protocolOf(value: string): string | null {
  try {
    return new URL(value).protocol;
  } catch {
    return null;
  }
}

const urlWith = (protocols: RegExp, example: string) =>
  z.string().refine((value) => protocols.test(protocolOf(value) ?? ''), `must be a ${example} URL`);

/** Comma-separated IP addresses or CIDRs. */
const addressList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean),
  )
  .pipe(
    z.array(z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], 'must be IP addresses or CIDRs, comma-separated')),
  );

const postgresUrl = urlWith(/^postgres(ql)?:$/, 'postgres://');
const redisUrl = urlWith(/^rediss?:$/, 'redis://');

/**
 * Every environment variable Claimtrail reads, with its default. Defaults work on a
 * machine where Postgres and Redis run locally; README's configuration table mirrors this.
 */
export const appConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATABASE_URL: postgresUrl.default('postgres://postgres@127.0.0.1:5432/claimtrail'),
    MIGRATION_DATABASE_URL: postgresUrl.optional(),
    DATABASE_POOL_SIZE: int(1, 200).default(10),
    DATABASE_POOL_IDLE_MS: int(0, 86_400_000).default(300_000),
    MIGRATE_ON_START: bool.default(true),
    REDIS_URL: redisUrl.default('redis://127.0.0.1:6379'),
    QUEUE_PREFIX: z
      .string()
      .regex(/^[a-z0-9:_-]+$/i)
      .default('claimtrail'),
    HOST: z.string().default('0.0.0.0'),
    PORT: int(1, 65535).default(3000),
    ADMIN_API_KEY: z.string().min(24, 'must be at least 24 characters').optional(),
    API_KEY_CACHE_TTL_MS: int(0, 300_000).default(10_000),
    CORS_ORIGINS: z
      .string()
      .default('')
      .transform((s) =>
        s
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean),
      ),
    BODY_LIMIT_BYTES: int(1024, 50 * 1024 * 1024).default(1024 * 1024),
    RATE_LIMIT_PER_MINUTE: int(1, 1_000_000).default(600),
    RATE_LIMIT_PREFIX: z
      .string()
      .regex(/^[a-z0-9:_-]+$/i)
      .default('claimtrail:rate-limit'),
    AUTH_FAILURES_PER_MINUTE_PER_ADDRESS: int(1, 1_000_000).default(20),
    AUTH_FAILURES_PER_MINUTE: int(1, 10_000_000).default(600),
    TRUST_PROXY: z
      .string()
      .default('')
      .transform((s) => (['', 'false', '0', 'no'].includes(s.trim()) ? '' : s))
      .pipe(addressList),
    AUDIT_SIGNING_KEY_FILE: z.string().trim().min(1).optional(),
    AUDIT_CHECKPOINT_INTERVAL_MS: int(1000, 7 * 24 * 3_600_000).default(3_600_000),
    READ_YOUR_WRITES_TIMEOUT_MS: int(0, 30_000).default(2000),
    POLICY_MIN_INDEPENDENT_SOURCES: int(1, 20).default(2),
    POLICY_MIN_CREDIBLE_RELIABILITY: fraction.default(0.6),
    POLICY_UNRATED_RELIABILITY: fraction.default(0.5),
    POLICY_SUBJECT_DENIAL_WEIGHT: fraction.default(0.3),
    POLICY_SUPPORT_MARGIN: z.coerce.number().min(1).max(10).default(1),
    POLICY_MIN_DISAGREE_PROBABILITY: fraction.default(0.6),
    POLICY_MIN_AGREE_PROBABILITY: fraction.default(0.7),
    POLICY_UNRATED_CAN_DECIDE: bool.default(false),
    CORROBORATION_DEADLINE_MS: int(1000, 7 * 24 * 3600 * 1000).default(10 * 60 * 1000),
    CORROBORATION_CONCURRENCY: int(1, 256).default(8),
    CORROBORATION_JOB_ATTEMPTS: int(1, 100).default(5),
    CORROBORATION_JOB_BACKOFF_MS: int(10, 3_600_000).default(5000),
    CORROBORATION_LOCK_DURATION_MS: int(1000, 3_600_000).default(30_000),
    CORROBORATION_STALLED_INTERVAL_MS: int(1000, 3_600_000).default(30_000),
    CORROBORATION_SWEEP_INTERVAL_MS: int(100, 3_600_000).default(30_000),
    CORROBORATION_SWEEP_GRACE_MS: int(0, 24 * 3_600_000).default(60_000),
    CORROBORATION_SOURCES: z
      .string()
      .default('archive,claim-review,cited-urls')
      .transform((s) =>
        s
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(/^[a-z0-9-]+$/, 'source names are lowercase letters, digits and -')).min(1)),
    CLAIMREVIEW_API_KEY: z.string().optional(),
    CLAIMREVIEW_BASE_URL: z.string().url().default('https://factchecktools.googleapis.com'),
    FETCH_ALLOW_PRIVATE_ADDRESSES: bool.default(false),
    FETCH_TIMEOUT_MS: int(100, 120_000).default(10_000),
    FETCH_MAX_BYTES: int(1024, 50 * 1024 * 1024).default(2 * 1024 * 1024),
    FETCH_MAX_REDIRECTS: int(0, 20).default(5),
    FETCH_CONNECT_TIMEOUT_MS: int(100, 60_000).default(5000),
    CLAIMREVIEW_PAGE_SIZE: int(1, 100).default(10),
    CLAIMREVIEW_MAX_PAGES: int(1, 20).default(3),
    CLAIMREVIEW_MIN_SIMILARITY: fraction.default(0.4),
    CORROBORATION_MAX_PASSAGES: int(1, 20).default(3),
    STANCE_MODEL_FILE: z.string().min(1).optional(),
    CORROBORATION_BACKOFF_BASE_MS: int(1, 600_000).default(500),
    CORROBORATION_BACKOFF_MAX_MS: int(1, 3_600_000).default(30_000),
    ARCHIVE_CANDIDATES: int(1, 200).default(50),
    ARCHIVE_TIMEOUT_MS: int(100, 600_000).default(5000),
    ARCHIVE_RATE_PER_SECOND: z.coerce.number().min(0).default(0),
    ARCHIVE_MAX_CONCURRENT: int(0, 256).default(4),
    ARCHIVE_RETRIES: int(0, 20).default(2),
    CLAIMREVIEW_TIMEOUT_MS: int(100, 600_000).default(15_000),
    CLAIMREVIEW_RATE_PER_SECOND: z.coerce.number().min(0).default(5),
    CLAIMREVIEW_MAX_CONCURRENT: int(0, 256).default(2),
    CLAIMREVIEW_RETRIES: int(0, 20).default(3),
    CITED_URLS_MAX: int(0, 50).default(5),
    CITED_URLS_TIMEOUT_MS: int(100, 600_000).default(30_000),
    CITED_URLS_RATE_PER_SECOND: z.coerce.number().min(0).default(10),
    CITED_URLS_MAX_CONCURRENT: int(0, 256).default(4),
    CITED_URLS_RETRIES: int(0, 20).default(2),
    EVENT_STORE_MAX_EVENT_BYTES: int(1024, 16 * 1024 * 1024).default(1024 * 1024),
    EVENT_STORE_MAX_BATCH_EVENTS: int(1, 10_000).default(256),
    EVENT_STORE_POLL_INTERVAL_MS: int(10, 60_000).default(500),
    PROJECTIONS_BATCH_SIZE: int(1, 100_000).default(500),
    PROJECTIONS_REBUILD_BATCH_SIZE: int(1, 100_000).default(20_000),
    PROJECTIONS_IN_API: bool.default(false),
    CLAIM_VIEW_CACHE_SIZE: int(0, 1_000_000).default(10_000),
    STREAM_HEARTBEAT_MS: int(1000, 300_000).default(15_000),
    STREAM_BATCH_SIZE: int(1, 10_000).default(500),
    STREAM_MAX_BUFFERED_BYTES: int(1024, 64 * 1024 * 1024).default(1024 * 1024),
    STREAM_STALL_TIMEOUT_MS: int(100, 600_000).default(30_000),
    STREAM_RETRY_MS: int(100, 600_000).default(2000),
    NEWSROOM_NAME: z.string().trim().min(1).max(200).default('Claimtrail Newsroom'),
    NEWSROOM_URL: urlWith(/^https?:$/, 'http(s)').default('https://newsroom.example'),
    CLAIM_REVIEW_URL_TEMPLATE: urlWith(/^https?:$/, 'http(s)')
      .refine((t) => t.includes('{id}'), 'must contain {id} (the claim id)')
      .default('https://newsroom.example/fact-checks/{id}'),
    CLAIM_REVIEW_RATINGS: z
      .string()
      .default('denied:1,unverified:3,corroborated:5')
      .transform((s, ctx) => {
        const pairs = s.split(',').map((pair) => pair.trim().split(':'));
        const ratings = Object.fromEntries(pairs.map(([status, value]) => [status, Number(value)]));
        for (const status of ['corroborated', 'denied', 'unverified']) {
          if (!Number.isFinite(ratings[status]))
            ctx.addIssue({ code: 'custom', message: `needs a number for ${status} (status:value, comma-separated)` });
        }
        return ratings as Record<'corroborated' | 'denied' | 'unverified', number>;
      }),
    SIMILAR_CLAIMS_MIN_SCORE: fraction.default(0.6),
    SIMILAR_CLAIMS_MAX: int(1, 100).default(10),
    RECHECK_WINDOW_DAYS: z.coerce.number().min(0).max(3650).default(7),
    RECHECK_MAX_CLAIMS: int(0, 1000).default(20),
    RECHECK_MIN_SIMILARITY: fraction.default(0.5),
    CLAIM_REVIEW_WORST_RATING: z.coerce.number().default(1),
    CLAIM_REVIEW_BEST_RATING: z.coerce.number().default(5),
    WEBHOOK_MAX_ATTEMPTS: int(1, 50).default(10),
    WEBHOOK_BACKOFF_MS: int(10, 3_600_000).default(30_000),
    WEBHOOK_TIMEOUT_MS: int(100, 120_000).default(10_000),
    WEBHOOK_CONNECT_TIMEOUT_MS: int(100, 60_000).default(5000),
    WEBHOOK_CONCURRENCY: int(1, 256).default(8),
    WEBHOOK_ALLOWED_PRIVATE_ADDRESSES: z.string().default('').pipe(addressList),
    EXTRACTION_THREADS: int(1, 64).default(2),
    EXTRACTION_TIMEOUT_MS: int(1, 600_000).default(10_000),
    EXTRACTION_MAX_CLAIMS: int(1, 10_000).default(100),
    EXTRACTION_MAX_QUEUED: int(0, 10_000).default(16),
    EXTRACTION_MAX_HEAP_MB: int(32, 16_384).default(512),
  })
  .transform((env) => ({
    env: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    database: {
      url: env.DATABASE_URL,
      /** The tables' owner, for migrations (and creating the app role); the API and worker use `url`. */
      migrationUrl: env.MIGRATION_DATABASE_URL ?? env.DATABASE_URL,
      poolSize: env.DATABASE_POOL_SIZE,
      /** Idle time after which a pooled connection is closed (0: never); see DatabaseOptions.idleTimeoutMs. */
      poolIdleMs: env.DATABASE_POOL_IDLE_MS,
      migrateOnStart: env.MIGRATE_ON_START,
    },
    eventStore: {
      maxEventBytes: env.EVENT_STORE_MAX_EVENT_BYTES,
      maxBatchEvents: env.EVENT_STORE_MAX_BATCH_EVENTS,
      pollIntervalMs: env.EVENT_STORE_POLL_INTERVAL_MS,
    },
    projections: {
      batchSize: env.PROJECTIONS_BATCH_SIZE,
      rebuildBatchSize: env.PROJECTIONS_REBUILD_BATCH_SIZE,
      /** Also run the projectors in the API process (tests, single-process demos); the worker always runs them. */
      runInApi: env.PROJECTIONS_IN_API,
      /** Claim views (GET /claims/:id) each API process holds in memory, dropped as they change; 0: none. */
      claimViewCacheSize: env.CLAIM_VIEW_CACHE_SIZE,
    },
    redis: { url: env.REDIS_URL, queuePrefix: env.QUEUE_PREFIX },
    /** Claim extraction for POST /articles: worker threads, time budget per article, claims reported per article. */
    extraction: {
      threads: env.EXTRACTION_THREADS,
      timeoutMs: env.EXTRACTION_TIMEOUT_MS,
      maxClaims: env.EXTRACTION_MAX_CLAIMS,
      maxQueued: env.EXTRACTION_MAX_QUEUED,
      maxHeapMb: env.EXTRACTION_MAX_HEAP_MB,
    },
    http: {
      host: env.HOST,
      port: env.PORT,
      corsOrigins: env.CORS_ORIGINS,
      bodyLimitBytes: env.BODY_LIMIT_BYTES,
      rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
      /** Key prefix of the rate-limit counters in Redis, shared by the API processes of one deployment. */
      rateLimitPrefix: env.RATE_LIMIT_PREFIX,
      authFailuresPerMinute: {
        perAddress: env.AUTH_FAILURES_PER_MINUTE_PER_ADDRESS,
        overall: env.AUTH_FAILURES_PER_MINUTE,
      },
      /**
       * Proxies whose X-Forwarded-For is believed (addresses or CIDRs); empty: the socket's address is the client's.
       */
      trustProxy: env.TRUST_PROXY,
      readYourWritesTimeoutMs: env.READ_YOUR_WRITES_TIMEOUT_MS,
    },
    /**
     * Signed checkpoints: the Ed25519 private key (PEM, outside the database; unset: none are written) and how often
     * the worker writes one.
     */
    audit: { signingKeyFile: env.AUDIT_SIGNING_KEY_FILE, checkpointIntervalMs: env.AUDIT_CHECKPOINT_INTERVAL_MS },
    auth: {
      adminApiKey: env.ADMIN_API_KEY,
      /** How long a verified key is answered from memory (0: never); a revocation clears it at once everywhere. */
      keyCacheTtlMs: env.API_KEY_CACHE_TTL_MS,
    },
    /**
     * Similar claims: the score (max of trigram similarity and lexeme cosine) from which a claim is recorded as
     * similar.
     */
    similarClaims: { minScore: env.SIMILAR_CLAIMS_MIN_SCORE, max: env.SIMILAR_CLAIMS_MAX },
    /** Re-checks on new reporting: which open claims a newly archived article starts a round for. */
    recheck: {
      windowDays: env.RECHECK_WINDOW_DAYS,
      maxClaims: env.RECHECK_MAX_CLAIMS,
      minSimilarity: env.RECHECK_MIN_SIMILARITY,
    },
    /** ClaimReview publishing: who the newsroom is, where reviews live, the rating scale. */
    claimReview: {
      newsroomName: env.NEWSROOM_NAME,
      newsroomUrl: env.NEWSROOM_URL,
      urlTemplate: env.CLAIM_REVIEW_URL_TEMPLATE,
      ratings: env.CLAIM_REVIEW_RATINGS,
      worstRating: env.CLAIM_REVIEW_WORST_RATING,
      bestRating: env.CLAIM_REVIEW_BEST_RATING,
    },
    /**
     * Signed webhooks: tries per delivery (exponential backoff from backoffMs, with jitter), the
     * time one attempt may take, deliveries one worker process sends at once, and the private
     * addresses the SSRF guard lets through for webhook URLs (development and tests only).
     */
    webhooks: {
      maxAttempts: env.WEBHOOK_MAX_ATTEMPTS,
      backoffMs: env.WEBHOOK_BACKOFF_MS,
      timeoutMs: env.WEBHOOK_TIMEOUT_MS,
      connectTimeoutMs: env.WEBHOOK_CONNECT_TIMEOUT_MS,
      concurrency: env.WEBHOOK_CONCURRENCY,
      allowedPrivateAddresses: env.WEBHOOK_ALLOWED_PRIVATE_ADDRESSES,
    },
    /** GET /claims/stream (SSE): heartbeats, page size, and how a client that stops reading is bounded. */
    stream: {
      heartbeatMs: env.STREAM_HEARTBEAT_MS,
      batchSize: env.STREAM_BATCH_SIZE,
      maxBufferedBytes: env.STREAM_MAX_BUFFERED_BYTES,
      stallTimeoutMs: env.STREAM_STALL_TIMEOUT_MS,
      retryMs: env.STREAM_RETRY_MS,
    },
    policy: {
      minIndependentSources: env.POLICY_MIN_INDEPENDENT_SOURCES,
      minCredibleReliability: env.POLICY_MIN_CREDIBLE_RELIABILITY,
      unratedReliability: env.POLICY_UNRATED_RELIABILITY,
      subjectDenialWeight: env.POLICY_SUBJECT_DENIAL_WEIGHT,
      supportMargin: env.POLICY_SUPPORT_MARGIN,
      minDisagreeProbability: env.POLICY_MIN_DISAGREE_PROBABILITY,
      minAgreeProbability: env.POLICY_MIN_AGREE_PROBABILITY,
      unratedCanDecide: env.POLICY_UNRATED_CAN_DECIDE,
    },
    corroboration: {
      deadlineMs: env.CORROBORATION_DEADLINE_MS,
      concurrency: env.CORROBORATION_CONCURRENCY,
      /**
       * The corroboration jobs: tries (with exponential backoff and jitter) and how soon a dead worker's job is taken
       * over.
       */
      job: {
        attempts: env.CORROBORATION_JOB_ATTEMPTS,
        backoffMs: env.CORROBORATION_JOB_BACKOFF_MS,
        lockDurationMs: env.CORROBORATION_LOCK_DURATION_MS,
        stalledIntervalMs: env.CORROBORATION_STALLED_INTERVAL_MS,
      },
      /**
       * The round sweeper: how often it looks for open rounds past their deadline, and how far past (the deadline job
       * goes first).
       */
      sweep: { intervalMs: env.CORROBORATION_SWEEP_INTERVAL_MS, graceMs: env.CORROBORATION_SWEEP_GRACE_MS },
      /** Sources a claim's corroboration asks by default (on report and on POST /claims/:id/corroborate). */
      sources: env.CORROBORATION_SOURCES,
      claimReview: {
        apiKey: env.CLAIMREVIEW_API_KEY,
        baseUrl: env.CLAIMREVIEW_BASE_URL,
        pageSize: env.CLAIMREVIEW_PAGE_SIZE,
        maxPages: env.CLAIMREVIEW_MAX_PAGES,
        /** How similar (0..1) a fact-check's claim must be to ours to count. */
        minRelevance: env.CLAIMREVIEW_MIN_SIMILARITY,
      },
      /** The stance model's weights; the file shipped in libs/stance/model when unset. */
      stanceModelFile: env.STANCE_MODEL_FILE,
      /** Candidate articles the archive search hands to the classifier per claim (best first). */
      archive: { candidates: env.ARCHIVE_CANDIDATES },
      citedUrls: { maxUrls: env.CITED_URLS_MAX },
      /** Sentences quoted per found text as the excerpt of its finding. */
      passages: { maxPerText: env.CORROBORATION_MAX_PASSAGES },
      backoff: { baseMs: env.CORROBORATION_BACKOFF_BASE_MS, maxMs: env.CORROBORATION_BACKOFF_MAX_MS },
      /** Per source adapter (keyed by its name): attempt timeout, rate, concurrency and retries. */
      sourcePolicies: {
        archive: {
          timeoutMs: env.ARCHIVE_TIMEOUT_MS,
          ratePerSecond: env.ARCHIVE_RATE_PER_SECOND,
          maxConcurrent: env.ARCHIVE_MAX_CONCURRENT,
          retries: env.ARCHIVE_RETRIES,
        },
        'claim-review': {
          timeoutMs: env.CLAIMREVIEW_TIMEOUT_MS,
          ratePerSecond: env.CLAIMREVIEW_RATE_PER_SECOND,
          maxConcurrent: env.CLAIMREVIEW_MAX_CONCURRENT,
          retries: env.CLAIMREVIEW_RETRIES,
        },
        'cited-urls': {
          timeoutMs: env.CITED_URLS_TIMEOUT_MS,
          ratePerSecond: env.CITED_URLS_RATE_PER_SECOND,
          maxConcurrent: env.CITED_URLS_MAX_CONCURRENT,
          retries: env.CITED_URLS_RETRIES,
        },
      },
      fetch: {
        allowPrivateAddresses: env.FETCH_ALLOW_PRIVATE_ADDRESSES,
        timeoutMs: env.FETCH_TIMEOUT_MS,
        maxBytes: env.FETCH_MAX_BYTES,
        maxRedirects: env.FETCH_MAX_REDIRECTS,
        connectTimeoutMs: env.FETCH_CONNECT_TIMEOUT_MS,
      },
    },
  }));

export type AppConfigValues = z.output<typeof appConfigSchema>;
