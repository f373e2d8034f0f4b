import type { SourceAdapter, SourceFinding } from '@claimtrail/corroboration';

/** A finding as the archive would report it, numbered so tests can tell them apart. */
export function wireFinding(n: number): SourceFinding {
  return {
    publisher: `Wire Service ${n}`,
    url: `https://wire${n}.example/drones`,
    excerpt: 'Chinese companies are supplying attack drones to Russia, officials confirmed.',
    stance: 'supports',
    confidence: 0.9,
    reason: 'restates the claim',
    retrievedAt: new Date().toISOString(),
    sourceRef: `article:${n}`,
  };
}

/**
 * A stand-in archive: a claim whose text contains `slow` never answers (until its deadline aborts it); any other gets
 * two findings.
 */
export const fakeArchive: SourceAdapter = {
  name: 'archive',
  search: (claim, signal) =>
    claim.text.includes('slow')
      ? new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }))
      : Promise.resolve([wireFinding(1), wireFinding(2)]),
};
