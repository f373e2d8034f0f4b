import { KeyObject } from 'node:crypto';
import { Kysely } from 'kysely';
import { Database } from '@claimtrail/database';
import type { Cursor, EventStore, VerifyResult } from '@claimtrail/event-store';
import { Checkpoint, checkpointSignedBy, keyIdOf } from './checkpoint';
import { EMPTY_LOG_HEAD, nextLogHead } from './log-chain';
import { chainPageQuery, compareCursors, LOG_START } from './log-chain.queries';

export interface AnchorReport {
  ok: boolean;
  /** Checkpoints checked. */
  checkpoints: number;
  /** The last position a checkpoint covers (the log up to there is proven as signed); null with none. */
  coveredPosition: number | null;
  reason?: string;
}

/** The chains' verdict (per stream) and the anchors' (the whole log, against signed checkpoints). */
export type HistoryVerification = VerifyResult & { anchors: AnchorReport | null };

const PAGE_SIZE = 2000;

const cursorOf = (c: Checkpoint): Cursor => ({ transactionId: c.transactionId, position: c.position });

/**
 * Checks the log against checkpoints an auditor holds: each must be signed by `publicKey`;
 * then the log chain is recomputed from the first event, and at each checkpoint's cursor
 * the count and head must be what was signed. An edited event whose stream was re-chained,
 * a deleted stream, or renumbered positions before the last checkpoint all change them.
 */
export async function verifyAnchors(
  db: Kysely<Database>,
  checkpoints: readonly Checkpoint[],
  publicKey: KeyObject,
): Promise<AnchorReport> {
  const sorted = [...checkpoints].sort((a, b) => compareCursors(cursorOf(a), cursorOf(b)));
  const report = (ok: boolean, reason?: string): AnchorReport => ({
    ok,
    checkpoints: sorted.length,
    coveredPosition: sorted.length ? sorted[sorted.length - 1].position : null,
    ...(reason === undefined ? {} : { reason }),
  });
  const keyId = keyIdOf(publicKey);
  for (const c of sorted) {
    if (!checkpointSignedBy(c, publicKey))
      return report(
        false,
        c.keyId === keyId
          ? `the checkpoint of ${c.createdAt} (position ${c.position}) has an invalid signature: forged or altered`
          : `the checkpoint of ${c.createdAt} (position ${c.position}) is signed by key ${c.keyId}, not ${keyId}`,
      );
  }
  if (sorted.length === 0) return report(true);

  let head = EMPTY_LOG_HEAD;
  let count = 0;
  let next = 0;
  let matched: Checkpoint | null = null;
  const mismatch = (c: Checkpoint) =>
    report(
      false,
      `the log up to the checkpoint of ${c.createdAt} (position ${c.position}) is not what was signed: ` +
        `${count} events with head ${head.slice(0, 16)}…, signed ${c.count} with ${c.head.slice(0, 16)}… — ` +
        'events were edited and re-chained, deleted or renumbered ' +
        (matched ? `after position ${matched.position} (the previous checkpoint matches)` : 'before it'),
    );
  /** Compares the checkpoints whose cursor lies before `cursor` (all that remain, without one). */
  const settle = (cursor?: Cursor): AnchorReport | null => {
    for (; next < sorted.length && (!cursor || compareCursors(cursorOf(sorted[next]), cursor) < 0); next++) {
      const c = sorted[next];
      if (c.count !== count || c.head !== head) return mismatch(c);
      matched = c;
    }
    return null;
  };

  const through = cursorOf(sorted[sorted.length - 1]);
  let after = LOG_START;
  for (;;) {
    const page = await chainPageQuery(db, { after, through, limit: PAGE_SIZE }).execute();
    for (const event of page) {
      const broken = settle(event);
      if (broken) return broken;
      head = nextLogHead(head, event);
      count++;
    }
    if (page.length < PAGE_SIZE) break;
    after = page[page.length - 1];
  }
  return settle() ?? report(true);
}

/**
 * The whole verification, as `/audit/verify` and `npm run audit:verify` run it: every
 * stream's hash chain (edits, deleted or reordered rows), then — over the whole log, when
 * there are checkpoints — the anchors, which catch what a superuser could make the chains
 * agree with.
 */
export async function verifyHistory(
  eventStore: EventStore,
  db: Kysely<Database>,
  checkpoints: readonly Checkpoint[],
  publicKey: KeyObject | null,
): Promise<HistoryVerification> {
  const chains = await eventStore.verify();
  if (checkpoints.length === 0 || !publicKey) return { ...chains, anchors: null };
  const anchors = await verifyAnchors(db, checkpoints, publicKey);
  if (anchors.ok || !chains.ok) return { ...chains, anchors };
  return { ...chains, ok: false, reason: anchors.reason, anchors };
}
