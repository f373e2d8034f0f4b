import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { extname, join } from 'node:path';
import { AppConfig } from '@claimtrail/config';
import { LimitExceeded } from '@claimtrail/errors';
import type { ExtractionOutcome, ExtractionTask } from './extraction-task';
import { WorkerPool } from './worker-pool';

/**
 * The thread script beside this module: compiled JavaScript in a build; from the TypeScript
 * sources (tests), loaded through the same swc hook the tests' child processes use.
 */
function extractionThreadScript(): { filename: string; execArgv: string[] } {
  const extension = extname(__filename);
  const filename = join(__dirname, `claim-extraction.worker${extension}`);
  if (extension !== '.ts') return { filename, execArgv: [] };
  return { filename, execArgv: ['--require', join(__dirname, '../../../../test/support/register-ts.js')] };
}

/**
 * Finds an article's attributed claims on worker threads (EXTRACTION_THREADS), each article
 * under EXTRACTION_TIMEOUT_MS, so no article — however long or pathological — holds up the
 * API's event loop. Threads start with the first article, not at boot, and end at shutdown.
 */
@Injectable()
export class ClaimExtractor implements OnModuleDestroy {
  private readonly pool: WorkerPool<ExtractionTask, ExtractionOutcome>;
  private readonly maxClaims: number;
  private readonly timeoutMs: number;

  constructor(config: AppConfig) {
    const { threads, timeoutMs, maxQueued, maxHeapMb, maxClaims } = config.extraction;
    this.maxClaims = maxClaims;
    this.timeoutMs = timeoutMs;
    this.pool = new WorkerPool({
      ...extractionThreadScript(),
      threads,
      timeoutMs,
      maxQueued,
      maxHeapMb,
      budgetName: 'EXTRACTION_TIMEOUT_MS',
      heapName: 'EXTRACTION_MAX_HEAP_MB',
    });
  }

  /** The first EXTRACTION_MAX_CLAIMS claims, and how many were found in all. */
  extract(article: Omit<ExtractionTask, 'maxClaims'>): Promise<ExtractionOutcome & { maxClaims: number }> {
    return this.pool.run({ ...article, maxClaims: this.maxClaims }).then(
      (outcome) => ({ ...outcome, maxClaims: this.maxClaims }),
      (error: unknown) => {
        if (!(error instanceof LimitExceeded)) throw error;
        // Extraction runs before the article is stored: say so, and what the client can do instead.
        const what =
          error.limit === 'EXTRACTION_MAX_HEAP_MB'
            ? 'needed more memory than a worker thread has'
            : `took longer than ${this.timeoutMs} ms`;
        throw new LimitExceeded(
          error.limit,
          `Claim extraction ${what} (${error.limit}) and was stopped; nothing was stored. ` +
            'Post the article without extractClaims, or in smaller parts',
        );
      },
    );
  }

  /** Threads started and busy, articles waiting (for tests and diagnostics). */
  stats() {
    return this.pool.stats();
  }

  onModuleDestroy(): Promise<void> {
    return this.pool.close();
  }
}
