/**
 * The worker-thread side of claim extraction: runs the extractor (NLP and regexes over the
 * article) away from the API's event loop. Answers `{ready}` once loaded, then one
 * `{result}` or `{error}` per task. Loaded only as a thread's script, never imported.
 */
import { parentPort } from 'node:worker_threads';
import { extractClaims } from '@claimtrail/claim-extraction';
import type { ExtractionOutcome, ExtractionTask } from './extraction-task';

const port = parentPort;
if (!port) throw new Error('claim-extraction.worker runs only as a worker thread');

port.on('message', (task: ExtractionTask) => {
  try {
    const found = extractClaims(task.body, { publisher: task.publisher, title: task.title });
    // Only what will be reported crosses back: a thousand-claim article costs no thousand-claim message.
    const outcome: ExtractionOutcome = { claims: found.slice(0, task.maxClaims), found: found.length };
    port.postMessage({ result: outcome });
  } catch (error) {
    port.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
port.postMessage({ ready: true });
