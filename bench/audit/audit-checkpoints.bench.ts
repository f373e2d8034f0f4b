import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditSigningKey, CheckpointRepository, CheckpointWriter, verifyHistory } from '@claimtrail/audit';
import { createKysely } from '@claimtrail/database';
import { EventStore, NewEvent } from '@claimtrail/event-store';
import { migrate } from '@claimtrail/schema';
import { createBenchDatabase } from '../support/bench-database';

const EVENTS = Number(process.env.BENCH_AUDIT_EVENTS ?? 50_000);
const NEW_EVENTS = Number(process.env.BENCH_AUDIT_NEW_EVENTS ?? 1_000);
const PER_APPEND = 10;

function payload(i: number): NewEvent {
  return {
    type: 'EvidenceAttached',
    data: {
      publisher: 'Example Gazette',
      url: `https://news.example.org/2026/11/29/story-${i}`,
      excerpt: 'A western official said the talks had stalled over the sequencing of the ceasefire.',
      stance: 'supports',
      confidence: 0.72,
    },
    metadata: { actor: { keyId: 'bench', role: 'system' } },
  };
}

async function appendEvents(store: EventStore, from: number, count: number, run: string): Promise<void> {
  for (let i = from; i < from + count; i += PER_APPEND) {
    const events = Array.from({ length: Math.min(PER_APPEND, from + count - i) }, (_, k) => payload(i + k));
    await store.appendToStream(`bench-${run}s${(i / PER_APPEND) % 5000}`, events);
  }
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = process.hrtime.bigint();
  const result = await fn();
  return [result, Number(process.hrtime.bigint() - start) / 1e6];
}

/**
 * The cost of anchored history: a checkpoint from an empty start (the whole log), an
 * incremental one after NEW_EVENTS more (what the worker pays each interval), and
 * verification against the checkpoints; the reference, in the same run, is the per-stream
 * chain verification alone (what /audit/verify cost before). Prints JSON.
 * `npm run bench:audit` (BENCH_AUDIT_EVENTS, BENCH_AUDIT_NEW_EVENTS).
 */
async function main(): Promise<void> {
  const database = await createBenchDatabase('audit');
  const dir = mkdtempSync(join(tmpdir(), 'claimtrail-bench-audit-'));
  const db = createKysely({ url: database.url, poolSize: 4, applicationName: 'claimtrail-bench-audit' });
  try {
    await migrate(db);
    const keyFile = join(dir, 'key.pem');
    writeFileSync(keyFile, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const key = AuditSigningKey.fromPemFile(keyFile);
    const store = new EventStore(db);
    const checkpoints = new CheckpointRepository(db);
    const writer = new CheckpointWriter(db, key, checkpoints);
    const run = randomBytes(3).toString('hex');
    await appendEvents(store, 0, EVENTS, run);
    const [full, fullMs] = await timed(() => writer.write());
    await appendEvents(store, EVENTS, NEW_EVENTS, run);
    const [incremental, incrementalMs] = await timed(() => writer.write());
    const [chains, chainsMs] = await timed(() => store.verify());
    const list = await checkpoints.list();
    const [anchored, anchoredMs] = await timed(() => verifyHistory(store, db, list, key.publicKey));
    console.log(
      JSON.stringify(
        {
          machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavg: loadavg().map((l) => l.toFixed(2)) },
          events: EVENTS + NEW_EVENTS,
          checkpointFromEmpty: { events: full.eventsRead, ms: Math.round(fullMs) },
          checkpointIncremental: { events: incremental.eventsRead, ms: Math.round(incrementalMs) },
          reference_verifyChainsOnly: { ok: chains.ok, checked: chains.checked, ms: Math.round(chainsMs) },
          verifyWithAnchors: {
            ok: anchored.ok,
            checkpoints: anchored.anchors?.checkpoints,
            ms: Math.round(anchoredMs),
          },
        },
        null,
        2,
      ),
    );
  } finally {
    await db.destroy();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
